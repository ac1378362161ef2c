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
import type { Store } from '../store/Store';
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

/**
 * The last write of each wanted (deal, field) between two logged seqs, read newest first in
 * windows and stopping once every wanted field is found: across a board's whole life the
 * last writes are near the end, so most of the log is never read. A field not written in the
 * range (its deal's creation dates it instead) reads on to the start, as before.
 */
async function lastTouches(store: Store, boardId: string, start: BoardAt, end: BoardAt, wanted: ReadonlyArray<[string, string]>): Promise<Touches> {
  const touches: Touches = new Map();
  const missing = () => wanted.some(([dealId, field]) => !touches.get(dealId)?.has(field));
  for (let upto = end.seq; upto > start.seq && missing(); upto -= TOUCH_WINDOW) {
    const updates = await store.listUpdates(boardId, Math.max(start.seq, upto - TOUCH_WINDOW), upto);
    // A later window's touch is the later write: earlier windows only fill what is not known yet.
    for (const [dealId, fields] of attributeTouches(start.doc, end.doc, updates)) {
      const known = touches.get(dealId) ?? new Map<string, Touch>();
      for (const [field, touch] of fields) if (!known.has(field)) known.set(field, touch);
      touches.set(dealId, known);
    }
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
