/**
 * Applies an import plan (plan.ts) in ONE transaction with the importer's origin: the missing
 * stages first, then every create and update through the same named mutations as the UI. One
 * import is one change: one commit, one broadcast, one undo step for the origin that made it.
 */
import type * as Y from 'yjs';
import { addColumn } from '../board/mutations/columns';
import { createDeal, moveDeal, updateDeal } from '../board/mutations/deals';
import type { MutationOptions } from '../board/mutations/common';
import type { MutationOrigin } from '../board/origin';
import { selectColumns } from '../board/selectors';
import { writeExternalId } from './externalId';
import type { ImportError, ImportPlan } from './plan';
import { changedFields, readDealFields, type ImportUndo } from './undo';

export interface ImportOutcome {
  created: number;
  updated: number;
  skipped: number;
  errors: ImportError[];
  /** Stages the import added. */
  stagesCreated: string[];
  /** What undoing this import puts back (kept by the server, never sent to clients). */
  undo: ImportUndo;
}

export function applyImport(doc: Y.Doc, plan: ImportPlan, origin: MutationOrigin, options?: MutationOptions): ImportOutcome {
  const outcome: ImportOutcome = {
    created: 0,
    updated: 0,
    skipped: plan.skipped,
    errors: [...plan.errors],
    stagesCreated: [],
    undo: { created: [], updated: [], stagesCreated: [] },
  };
  const refused = (row: number, error: { message: string; field?: string }) => {
    outcome.errors.push({ row, field: error.field ?? '', message: error.message });
    outcome.skipped++;
  };
  doc.transact(() => {
    for (const name of plan.newStages) {
      const added = addColumn(doc, { name }, origin, options);
      if (added.ok) {
        outcome.stagesCreated.push(name);
        outcome.undo.stagesCreated.push(added.value.columnId);
      }
    }
    const columns = selectColumns(doc).columns;
    const stageId = (name: string | null) =>
      name === null ? null : (columns.find((c) => c.name.trim().toLowerCase() === name.trim().toLowerCase())?.id ?? null);
    const firstStage = columns[0]?.id ?? null;
    // Read each column's order once for the whole batch (see MutationOptions.rankedByColumn).
    const batch = { ...options, rankedByColumn: new Map() };
    for (const create of plan.creates) {
      const columnId = stageId(create.stageName) ?? firstStage;
      if (!columnId) {
        refused(create.row, { field: 'stage', message: 'the board has no stage to put the deal in' });
        continue;
      }
      const { title, ...rest } = create.fields;
      const result = createDeal(doc, { ...rest, title: title ?? '', columnId }, origin, batch);
      if (!result.ok) {
        refused(create.row, result.error);
        continue;
      }
      if (create.externalId) writeExternalId(doc, result.value.dealId, create.externalId);
      outcome.undo.created.push({ dealId: result.value.dealId, written: readDealFields(doc, result.value.dealId) ?? {} });
      outcome.created++;
    }
    for (const update of plan.updates) {
      const before = readDealFields(doc, update.dealId);
      const patched = Object.keys(update.fields).length === 0 ? null : updateDeal(doc, { dealId: update.dealId, patch: update.fields }, origin, options);
      if (patched && !patched.ok && patched.error.code !== 'noop') {
        refused(update.row, patched.error);
        continue;
      }
      const columnId = stageId(update.stageName);
      if (columnId) moveDeal(doc, { dealId: update.dealId, toColumnId: columnId }, origin, options);
      const after = readDealFields(doc, update.dealId);
      const fields = before && after ? changedFields(before, after) : {};
      if (Object.keys(fields).length > 0) outcome.undo.updated.push({ dealId: update.dealId, fields });
      outcome.updated++;
    }
  }, origin);
  return outcome;
}
