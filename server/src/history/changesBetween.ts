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
  type DealChange,
} from '../../../shared/src/history';
import type { Store } from '../store/Store';
import { loadBoardAt } from './boardAt';
import { attributeTouches, type Touch } from './touches';

async function authorsOf(store: Store, userIds: Iterable<string>): Promise<Map<string, ChangeAuthor>> {
  const authors = new Map<string, ChangeAuthor>();
  for (const id of new Set(userIds)) {
    const user = await store.getUser(id);
    authors.set(id, { id, name: user?.name ?? 'Former member' });
  }
  return authors;
}

/** @param from ISO time, not after `to` */
export async function changesBetween(store: Store, boardId: string, from: string, to: string): Promise<ChangesReport> {
  const [start, end] = await Promise.all([loadBoardAt(store, boardId, from), loadBoardAt(store, boardId, to)]);
  const before = boardState(start.doc);
  const after = boardState(end.doc);
  const fromTotals = pipelineTotals(start.doc);
  const toTotals = pipelineTotals(end.doc);
  const updates = end.seq > start.seq ? (await store.listUpdates(boardId, start.seq)).filter((u) => u.seq <= end.seq) : [];
  const touches = attributeTouches(start.doc, end.doc, updates);
  start.doc.destroy();
  end.doc.destroy();

  const order = (columnId: string) => after.order.get(columnId) ?? before.order.get(columnId) ?? -1;
  const dated: Array<{ change: Omit<DealChange, 'by'>; userId: string | null }> = [];
  for (const id of new Set([...before.deals.keys(), ...after.deals.keys()])) {
    const previous = before.deals.get(id) ?? null;
    const next = after.deals.get(id) ?? null;
    for (const { field, ...change } of classifyDeal(previous, next, order)) {
      const fields = touches.get(id);
      const touch: Touch | undefined = fields?.get(field) ?? fields?.get(WHOLE_DEAL);
      const record = (next ?? previous)!.deal;
      dated.push({ change: { ...change, at: touch?.at ?? record.updatedAt } as Omit<DealChange, 'by'>, userId: touch ? touch.userId : record.updatedBy });
    }
  }
  const authors = await authorsOf(
    store,
    dated.flatMap((d) => (d.userId ? [d.userId] : [])),
  );
  const changes = dated
    .map(({ change, userId }) => ({ ...change, by: userId ? (authors.get(userId) ?? null) : null }) as DealChange)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.dealId < b.dealId ? -1 : 1));
  return { from, to, totals: { from: fromTotals, to: toTotals }, waterfall: waterfallOf(before, after), changes };
}
