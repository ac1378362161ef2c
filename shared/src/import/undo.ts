/**
 * Undoing one confirmed import as a whole (issue 15.3): what the import did is recorded when it
 * is applied (`ImportUndo`: the deals it created, and each field it changed with the value
 * before and after), and undo puts back exactly that, in one transaction, through the same
 * named mutations as the UI. It never rewinds someone's later edit: a field whose value is no
 * longer what the import wrote is left as it is, and a created deal that anyone changed or
 * commented on since is kept; both are reported as skipped.
 */
import type * as Y from 'yjs';
import { deleteColumn } from '../board/mutations/columns';
import { deleteDeal, moveDeal, updateDeal } from '../board/mutations/deals';
import type { MutationOptions } from '../board/mutations/common';
import type { MutationOrigin } from '../board/origin';
import { dealIdsIn, getColumnMap, readDealById } from '../board/readers';
import type { DealPatch } from '../board/validate';
import { RESTORABLE_FIELDS, type RestorableField } from '../history/restorable';

/** A deal's fields as read (see readDealFields), for before/after comparisons. */
export type DealFields = Partial<Record<RestorableField, unknown>>;

export interface ImportUndo {
  /** Deals the import created, with the fields as it wrote them. */
  created: Array<{ dealId: string; written: DealFields }>;
  /** Fields the import changed on existing deals: the value before it, and the value it wrote. */
  updated: Array<{ dealId: string; fields: Partial<Record<RestorableField, { before: unknown; after: unknown }>> }>;
  /** Stages (column ids) the import added. */
  stagesCreated: string[];
}

/** Something undo left as it is, and why. */
export interface UndoSkip {
  dealId: string;
  title: string;
  /** The field kept, or absent when the whole deal was kept. */
  field?: RestorableField;
  reason: 'edited_since' | 'deal_gone';
}

export interface UndoOutcome {
  /** Created deals removed. */
  removed: number;
  /** Updated deals with at least one field put back. */
  reverted: number;
  /** Stages the import added that were empty again and removed. */
  stagesRemoved: number;
  skipped: UndoSkip[];
}

/**
 * The deal's fields as read now (defaults filled in, so "before" is always a value the
 * mutations accept), or null when the deal is gone or invalid.
 */
export function readDealFields(doc: Y.Doc, dealId: string): DealFields | null {
  const deal = readDealById(doc, dealId);
  if (!deal || deal.invalid) return null;
  const out: DealFields = {};
  for (const field of RESTORABLE_FIELDS) out[field] = deal[field];
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between two readings, each with its value before and after. */
export function changedFields(before: DealFields, after: DealFields): ImportUndo['updated'][number]['fields'] {
  const out: ImportUndo['updated'][number]['fields'] = {};
  for (const field of RESTORABLE_FIELDS) {
    if (!same(before[field], after[field])) out[field] = { before: before[field] ?? null, after: after[field] ?? null };
  }
  return out;
}

const titleOf = (doc: Y.Doc, dealId: string): string => {
  const deal = readDealById(doc, dealId);
  return deal && !deal.invalid ? deal.title : dealId;
};

/** Puts back what `undo` recorded, in one transaction with `origin`; see the file comment for what is kept. */
export function undoImport(doc: Y.Doc, undo: ImportUndo, origin: MutationOrigin, options?: MutationOptions): UndoOutcome {
  const outcome: UndoOutcome = { removed: 0, reverted: 0, stagesRemoved: 0, skipped: [] };
  doc.transact(() => {
    for (const { dealId, written } of undo.created) {
      const now = readDealFields(doc, dealId);
      if (!now) continue; // already deleted: nothing to undo
      const deal = readDealById(doc, dealId);
      const commented = deal && !deal.invalid ? deal.comments.length : 0;
      if (!same(now, written) || commented > 0) {
        outcome.skipped.push({ dealId, title: titleOf(doc, dealId), reason: 'edited_since' });
        continue;
      }
      if (deleteDeal(doc, { dealId }, origin, options).ok) outcome.removed++;
    }
    for (const { dealId, fields } of undo.updated) {
      const now = readDealFields(doc, dealId);
      if (!now) {
        outcome.skipped.push({ dealId, title: dealId, reason: 'deal_gone' });
        continue;
      }
      const patch: Record<string, unknown> = {};
      let toColumn: string | null = null;
      for (const [field, change] of Object.entries(fields) as Array<[RestorableField, { before: unknown; after: unknown }]>) {
        if (!same(now[field], change.after)) {
          outcome.skipped.push({ dealId, title: titleOf(doc, dealId), field, reason: 'edited_since' });
          continue;
        }
        if (field === 'columnId') toColumn = typeof change.before === 'string' ? change.before : null;
        else patch[field] = change.before;
      }
      let putBack = false;
      if (Object.keys(patch).length > 0) putBack = updateDeal(doc, { dealId, patch: patch as DealPatch }, origin, options).ok || putBack;
      if (toColumn && getColumnMap(doc, toColumn)) putBack = moveDeal(doc, { dealId, toColumnId: toColumn }, origin, options).ok || putBack;
      if (putBack) outcome.reverted++;
    }
    for (const columnId of undo.stagesCreated) {
      if (getColumnMap(doc, columnId) && dealIdsIn(doc, columnId).length === 0 && deleteColumn(doc, { columnId }, origin, options).ok) outcome.stagesRemoved++;
    }
  }, origin);
  return outcome;
}
