/**
 * What happened to one deal between two moments, as change kinds (a deal may have several:
 * moved and repriced). Each carries the document field whose last write dates it.
 */
import type { DealAt } from './dealStates';
import type { DealChange } from './types';

/** A change before its author and time are known; `field` names the write that dates it. */
export type Classified = DistributiveOmit<DealChange, 'by' | 'at'> & { field: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Written on every edit or by the server: they say nothing a person changed. */
const BOOKKEEPING = new Set([
  'id',
  'rank',
  'columnId',
  'amount',
  'expectedClose',
  'archived',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'stageEnteredAt',
]);

/** The field the deal's creation or deletion is dated by. */
export const WHOLE_DEAL = '*';

function live(at: DealAt | null): at is DealAt {
  return at !== null && !at.deal.archived;
}

function visibleComments(at: DealAt): string {
  return JSON.stringify(at.deal.comments.filter((c) => !c.deleted).map((c) => [c.id, c.body]));
}

function editedFields(before: DealAt, after: DealAt): string[] {
  const fields: string[] = [];
  for (const key of Object.keys(after.deal) as (keyof DealAt['deal'])[]) {
    if (BOOKKEEPING.has(key)) continue;
    const same = key === 'comments' ? visibleComments(before) === visibleComments(after) : JSON.stringify(before.deal[key]) === JSON.stringify(after.deal[key]);
    if (!same) fields.push(key);
  }
  return fields;
}

/**
 * @param order column id → position at the later end (earlier end's for a column since gone)
 * @example classifyDeal(null, after, order) // [{kind: 'added', ...}]
 */
export function classifyDeal(before: DealAt | null, after: DealAt | null, order: (columnId: string) => number): Classified[] {
  if (!live(before) && !live(after)) return [];
  if (!live(before) && live(after)) {
    const { deal } = after;
    return [
      {
        kind: 'added',
        dealId: deal.id,
        title: deal.title,
        columnId: deal.columnId,
        amount: deal.amount,
        currency: deal.currency,
        restored: before !== null,
        field: before ? 'archived' : WHOLE_DEAL,
      },
    ];
  }
  if (live(before) && !live(after)) {
    const { deal } = before;
    const archived = after !== null;
    return [
      {
        kind: 'removed',
        dealId: deal.id,
        title: (after ?? before).deal.title,
        reason: archived ? 'archived' : 'deleted',
        amount: deal.amount,
        currency: deal.currency,
        field: archived ? 'archived' : WHOLE_DEAL,
      },
    ];
  }
  const a = (before as DealAt).deal;
  const b = (after as DealAt).deal;
  const base = { dealId: b.id, title: b.title };
  const out: Classified[] = [];
  if (a.columnId !== b.columnId) {
    const kind = after?.column?.kind;
    if ((kind === 'won' || kind === 'lost') && before?.column?.kind !== kind) {
      out.push({ ...base, kind, fromColumnId: a.columnId, toColumnId: b.columnId, amount: b.amount, currency: b.currency, field: 'columnId' });
    } else {
      const direction = order(b.columnId) >= order(a.columnId) ? 'forward' : 'back';
      out.push({ ...base, kind: 'moved', fromColumnId: a.columnId, toColumnId: b.columnId, direction, field: 'columnId' });
    }
  }
  if (a.amount !== b.amount) out.push({ ...base, kind: 'repriced', from: a.amount, to: b.amount, currency: b.currency, field: 'amount' });
  if (a.expectedClose !== b.expectedClose) {
    if (a.expectedClose !== null && b.expectedClose !== null && b.expectedClose > a.expectedClose) {
      out.push({ ...base, kind: 'slipped', from: a.expectedClose, to: b.expectedClose, field: 'expectedClose' });
    } else {
      out.push({ ...base, kind: 'edited', fields: ['expectedClose'], field: 'expectedClose' });
    }
  }
  const fields = editedFields(before as DealAt, after as DealAt);
  if (fields.length > 0) {
    const merged = out.find((c) => c.kind === 'edited');
    if (merged && merged.kind === 'edited') merged.fields.push(...fields);
    else out.push({ ...base, kind: 'edited', fields, field: fields[0] ?? WHOLE_DEAL });
  }
  return out;
}
