/**
 * A round and its parts: a deal may be part of another deal ("Amazon → OpenAI: up to $50B" is
 * part of "OpenAI funding round — up to $100B"), so a total that holds both counts the money
 * once, in the round.
 *
 * One level deep: a round is a deal that is not itself a part. So no chain and no cycle can
 * hold: a link to the deal itself, to a missing or unreadable deal, or to a deal that is itself
 * a part (concurrent edits can make one, a mutation never does) holds nothing, and the deal
 * counts on its own. Deleting or archiving a round leaves its parts counting on their own.
 */
import * as Y from 'yjs';
import { memo } from './cache';
import { dealsMap, type Deal } from './schema';
import { getDealMap, isValid, readDealById, readDeals } from './readers';
import { fail } from './result';
import { reuseList } from './reuse';

/** The round `deal` is part of among `deals` (id → deal), when the link holds; else null. */
export function roundIn(deal: Deal, deals: ReadonlyMap<string, Deal>): Deal | null {
  if (deal.partOf === null || deal.partOf === deal.id) return null;
  const round = deals.get(deal.partOf);
  return round && round.partOf === null ? round : null;
}

/**
 * True when a total over `deals` must leave out this deal's amount: its round is in the same
 * total and has an amount of its own, which holds the part's. (A round of unknown amount adds
 * nothing, so its parts' amounts count.) Counts never dedupe: a part is still a deal.
 */
export function insideRound(deal: Deal, deals: ReadonlyMap<string, Deal>): boolean {
  const round = roundIn(deal, deals);
  return round !== null && round.amount !== null;
}

/** Rounds and parts of the board's live (not archived) deals. */
export interface RoundsView {
  /** Part id → its round. */
  roundOf: ReadonlyMap<string, Deal>;
  /** Round id → its parts, by title (the same list while they are unchanged). */
  partsOf: ReadonlyMap<string, Deal[]>;
}

/** Which live deal is part of which: for the cards ("Part of …", "2 parts: …"). Memoised per version. */
export function selectRounds(doc: Y.Doc): RoundsView {
  return memo<RoundsView>(doc, 'selectRounds', (previous) => {
    const live = new Map<string, Deal>();
    for (const deal of readDeals(doc)) if (isValid(deal) && !deal.archived) live.set(deal.id, deal);
    const roundOf = new Map<string, Deal>();
    const partsOf = new Map<string, Deal[]>();
    for (const deal of live.values()) {
      const round = roundIn(deal, live);
      if (!round) continue;
      roundOf.set(deal.id, round);
      partsOf.set(round.id, [...(partsOf.get(round.id) ?? []), deal]);
    }
    for (const [id, parts] of partsOf) {
      parts.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
      partsOf.set(id, reuseList(previous?.partsOf.get(id), parts));
    }
    return { roundOf, partsOf };
  });
}

/** Ids of the deals whose stored `partOf` names `dealId`. */
function partIdsOf(doc: Y.Doc, dealId: string): string[] {
  const out: string[] = [];
  dealsMap(doc).forEach((map: unknown, id) => {
    if (id !== dealId && map instanceof Y.Map && map.get('partOf') === dealId) out.push(id);
  });
  return out;
}

/**
 * Why deal `dealId` (null: a deal not yet created) may not become part of `roundId`, or null
 * when it may: the round must be another deal on the board, readable, not itself a part, and
 * the deal must have no parts of its own (one level deep).
 */
export function partOfProblem(doc: Y.Doc, dealId: string | null, roundId: string): ReturnType<typeof fail> | null {
  if (roundId === dealId) return fail('invalid', 'partOf: a deal cannot be part of itself', 'partOf');
  if (!getDealMap(doc, roundId)) return fail('not_found', 'partOf: no such deal on this board', 'partOf');
  const round = readDealById(doc, roundId);
  if (!round || !isValid(round)) return fail('invalid', 'partOf: that deal cannot be read', 'partOf');
  if (round.partOf !== null) return fail('invalid', `partOf: “${round.title}” is itself part of another deal`, 'partOf');
  if (dealId !== null && partIdsOf(doc, dealId).length > 0) return fail('invalid', 'partOf: this deal has parts of its own, so it cannot be a part', 'partOf');
  return null;
}
