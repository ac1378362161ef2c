/**
 * What changed on a board between two moments: the two states compared deal by deal
 * (shared/src/history), each change dated and attributed by the last logged update that
 * wrote its field, plus the pipeline totals at both ends and the waterfall between them.
 */
import {
  boardState,
  classifyDeal,
  pipelineTotals,
  waterfallOf,
  WHOLE_DEAL,
  type ChangeAuthor,
  type ChangesReport,
  type Classified,
  type DealChange,
} from '../../../shared/src/history';
import type { Deal } from '../../../shared/src/board/schema';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { dealsMap } from '../../../shared/src/board/schema';
import type { Store, StoredUpdate } from '../store/Store';
import { loadBoardAt, type BoardAt } from './boardAt';
import { attributeTouches, type Touch, type Touches } from './touches';

async function authorsOf(store: Store, userIds: Iterable<string>): Promise<Map<string, ChangeAuthor>> {
  const authors = new Map<string, ChangeAuthor>();
  for (const id of new Set(userIds)) {
    const user = await store.getUser(id);
    authors.set(id, { id, name: user?.name ?? 'Former member' });
  }
  return authors;
}

/** How many log updates are read and decoded at a time, newest first. */
const TOUCH_WINDOW = 2_000;

/** The id of the item that holds deal `dealId` in `doc` (its creation, or its latest revival). */
function dealItemId(doc: Y.Doc, dealId: string): Y.ID | null {
  return dealsMap(doc).get(dealId)?._item?.id ?? null;
}

/** True when the update wrote the struct holding `id`. */
function wrote(update: Uint8Array, id: Y.ID): boolean {
  return Y.decodeUpdate(update).structs.some((s) => s.id.client === id.client && s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
}

/** The client and first clock of an update that writes for one client only (read from its header, nothing decoded), else null. */
function soleWriter(update: Uint8Array): { client: number; clock: number } | null {
  const decoder = decoding.createDecoder(update);
  if (decoding.readVarUint(decoder) !== 1) return null;
  decoding.readVarUint(decoder); // how many structs
  return { client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) };
}

/**
 * Dates deals' creations (the updates that wrote their items) from the log's update headers:
 * a client's clocks grow along the log, so the update that wrote a clock is the last one of
 * that client starting at or before it. Only that update is read whole and decoded, to confirm. Returns false when one cannot be
 * told this way (an update of several clients, or a deal item not written in these updates).
 */
async function dateCreations(
  store: Store,
  boardId: string,
  heads: readonly StoredUpdate[],
  deals: ReadonlyArray<{ dealId: string; id: Y.ID }>,
  learn: (found: Touches) => void,
): Promise<boolean> {
  const starts = new Map<number, Array<{ clock: number; update: StoredUpdate }>>();
  for (const update of heads) {
    const writer = soleWriter(update.update);
    if (writer === null) {
      if (update.update[0] !== 0) return false; // several clients: their clocks are not in the header
      continue;
    }
    const list = starts.get(writer.client) ?? [];
    list.push({ clock: writer.clock, update });
    starts.set(writer.client, list);
  }
  // Each deal's creating update is read whole on its own; the reads run together.
  const dated = await Promise.all(
    deals.map(async ({ dealId, id }) => {
      const list = starts.get(id.client) ?? [];
      let lo = 0;
      let hi = list.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (list[mid]!.clock <= id.clock) lo = mid;
        else hi = mid - 1;
      }
      const found = list[lo];
      if (!found || found.clock > id.clock) return null;
      const [whole] = await store.listUpdates(boardId, found.update.seq - 1, found.update.seq);
      return whole && wrote(whole.update, id) ? { dealId, touch: { at: whole.at, userId: whole.userId } } : null;
    }),
  );
  if (dated.some((d) => d === null)) return false;
  for (const { dealId, touch } of dated as Array<{ dealId: string; touch: Touch }>) learn(new Map([[dealId, new Map([[WHOLE_DEAL, touch]])]]));
  return true;
}

/**
 * The last write of each wanted (deal, field) between two logged seqs, read newest first in
 * windows and stopping once every wanted field is found: the last writes are near the end,
 * so most of the log is not decoded. When only deals' creations are left to date (a range
 * that starts before them), the rest of the log is read but only their creating updates are
 * decoded (dateCreations). Anything else left unknown decodes on to the start, as before.
 */
async function lastTouches(store: Store, boardId: string, start: BoardAt, end: BoardAt, wanted: ReadonlyArray<[string, string]>): Promise<Touches> {
  const touches: Touches = new Map();
  const missing = () => wanted.filter(([dealId, field]) => !touches.get(dealId)?.has(field));
  const learn = (found: Touches) => {
    // A later window's touch is the later write: earlier windows only fill what is not known yet.
    for (const [dealId, fields] of found) {
      const known = touches.get(dealId) ?? new Map<string, Touch>();
      for (const [field, touch] of fields) if (!known.has(field)) known.set(field, touch);
      touches.set(dealId, known);
    }
  };
  let upto = end.seq;
  for (; upto > start.seq && missing().length > 0; upto -= TOUCH_WINDOW) {
    const left = missing();
    const creations = left.map(([dealId, field]) => ({ dealId, id: field === WHOLE_DEAL ? dealItemId(end.doc, dealId) : null }));
    if (creations.every((c) => c.id !== null)) {
      const heads = await store.listUpdateHeads(boardId, start.seq, upto);
      if (await dateCreations(store, boardId, heads, creations as Array<{ dealId: string; id: Y.ID }>, learn)) return touches;
      learn(attributeTouches(start.doc, end.doc, await store.listUpdates(boardId, start.seq, upto)));
      return touches;
    }
    learn(attributeTouches(start.doc, end.doc, await store.listUpdates(boardId, Math.max(start.seq, upto - TOUCH_WINDOW), upto)));
  }
  return touches;
}

/** @param from ISO time, not after `to` */
export async function changesBetween(store: Store, boardId: string, from: string, to: string): Promise<ChangesReport> {
  const [start, end] = await Promise.all([loadBoardAt(store, boardId, from), loadBoardAt(store, boardId, to)]);
  try {
    const before = boardState(start.doc);
    const after = boardState(end.doc);
    const order = (columnId: string) => after.order.get(columnId) ?? before.order.get(columnId) ?? -1;
    const classified: Array<{ change: Classified; record: Deal }> = [];
    for (const id of new Set([...before.deals.keys(), ...after.deals.keys()])) {
      const previous = before.deals.get(id) ?? null;
      const next = after.deals.get(id) ?? null;
      for (const change of classifyDeal(previous, next, order)) classified.push({ change, record: (next ?? previous)!.deal });
    }
    const touches = await lastTouches(
      store,
      boardId,
      start,
      end,
      classified.map(({ change }) => [change.dealId, change.field]),
    );
    const dated = classified.map(({ change: { field, ...change }, record }) => {
      const fields = touches.get(change.dealId);
      const touch: Touch | undefined = fields?.get(field) ?? fields?.get(WHOLE_DEAL);
      return { change: { ...change, at: touch?.at ?? record.updatedAt } as Omit<DealChange, 'by'>, userId: touch ? touch.userId : record.updatedBy };
    });
    const authors = await authorsOf(
      store,
      dated.flatMap((d) => (d.userId ? [d.userId] : [])),
    );
    const changes = dated
      .map(({ change, userId }) => ({ ...change, by: userId ? (authors.get(userId) ?? null) : null }) as DealChange)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.dealId < b.dealId ? -1 : 1));
    return {
      from,
      to,
      totals: { from: pipelineTotals(start.doc), to: pipelineTotals(end.doc) },
      waterfall: waterfallOf(before, after),
      changes,
    };
  } finally {
    start.doc.destroy();
    end.doc.destroy();
  }
}
