/**
 * What a board page paints before its document has synced. A 10,000-deal document is about
 * 15 MiB, which takes a browser seconds to receive and decode; this is a few dozen kilobytes:
 * every stage with its exact deal count and totals (laneSummary, as the board's own headers)
 * and its first cards with their owners' names and round lines, read by the server from the
 * board's live room.
 */
import type * as Y from 'yjs';
import { selectRounds } from './parts';
import { readBoardInfo } from './readers';
import { roundWords } from './roundWords';
import { laneSummary, selectLanes, type LaneTotals } from './selectors';
import type { Column, Deal } from './schema';

/** Enough cards to fill a tall screen's columns (a card is at least 100 px high). */
export const PREVIEW_CARDS_PER_LANE = 20;

/** A deal as its card shows it: every card field, the count of its live comments instead of the thread, no notes. */
export type PreviewCard = Omit<Deal, 'notes' | 'comments'> & { commentCount: number };

/** How many of a deal's comments are not deleted (what its card counts). */
export function liveCommentCount(deal: Pick<Deal, 'comments'>): number {
  return deal.comments.filter((comment) => !comment.deleted).length;
}

export interface LanePreview {
  /** The lane's key, as `Lane.key` (its column id, or the orphan lane's). */
  key: string;
  column: Column | null;
  totals: LaneTotals;
  insideRounds: number;
  /** The first live deals in the lane's order (at most PREVIEW_CARDS_PER_LANE), as their cards show them. */
  deals: PreviewCard[];
  /** Deals in the lane that failed validation (left out of totals). */
  invalid: number;
}

export interface BoardPreview {
  name: string;
  currency: string;
  lanes: LanePreview[];
  /** The names of the shown cards' owners who are members, by user id (a card names its owner). */
  owners: Record<string, string>;
  /** The shown cards' round lines ("Part of …", "2 parts: …"), by deal id; a card without one is not listed. */
  roundLines: Record<string, string>;
}

/**
 * The board as its first paint shows it: unfiltered, archived deals left out. `memberName`
 * names an owner (undefined for a former member).
 */
export function boardPreview(
  doc: Y.Doc,
  memberName: (userId: string) => string | undefined,
  cardsPerLane = PREVIEW_CARDS_PER_LANE,
  now: Date = new Date(),
): BoardPreview {
  const { name, currency } = readBoardInfo(doc);
  const owners: Record<string, string> = {};
  const roundLines: Record<string, string> = {};
  const rounds = selectRounds(doc);
  const lanes = selectLanes(doc).map((lane): LanePreview => {
    const { live, totals, insideRounds } = laneSummary(lane, currency, now);
    const shown = live.deals.slice(0, cardsPerLane);
    for (const deal of shown) {
      const line = roundWords(rounds, deal.id);
      if (line) roundLines[deal.id] = line;
      const owner = deal.ownerId === null ? undefined : memberName(deal.ownerId);
      if (deal.ownerId !== null && owner !== undefined) owners[deal.ownerId] = owner;
    }
    const deals = shown.map(({ notes: _notes, comments, ...card }): PreviewCard => ({ ...card, commentCount: liveCommentCount({ comments }) }));
    return { key: lane.key, column: lane.column, totals, insideRounds, deals, invalid: lane.invalid.length };
  });
  return { name, currency, lanes, owners, roundLines };
}
