/**
 * Applies an import plan (plan.ts) in ONE transaction with the importer's origin: the missing
 * stages first, then every create and update through the same named mutations as the UI, then
 * the Part of links. One import is one change: one commit, one broadcast, one undo step for the
 * origin that made it.
 */
import type * as Y from 'yjs';
import { addColumn } from '../board/mutations/columns';
import { createDeal, moveDeal, setPartOf, updateDeal } from '../board/mutations/deals';
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
    const before = new Map(plan.updates.map((u) => [u.dealId, readDealFields(doc, u.dealId)]));
    const createdBy = new Map<number, string>();
    const applied: Array<{ row: number; dealId: string; partOf: NonNullable<ImportPlan['creates'][number]['partOf']> | null }> = [];
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
      createdBy.set(create.row, result.value.dealId);
      if (create.partOf !== undefined) applied.push({ row: create.row, dealId: result.value.dealId, partOf: create.partOf });
      outcome.created++;
    }
    const updated: string[] = [];
    for (const update of plan.updates) {
      const patched = Object.keys(update.fields).length === 0 ? null : updateDeal(doc, { dealId: update.dealId, patch: update.fields }, origin, options);
      if (patched && !patched.ok && patched.error.code !== 'noop') {
        refused(update.row, patched.error);
        continue;
      }
      const columnId = stageId(update.stageName);
      if (columnId) moveDeal(doc, { dealId: update.dealId, toColumnId: columnId }, origin, options);
      if (update.partOf !== undefined) applied.push({ row: update.row, dealId: update.dealId, partOf: update.partOf });
      updated.push(update.dealId);
      outcome.updated++;
    }
    // A link the board refuses now (it changed since the plan) leaves the deal imported on its own.
    linkParts(doc, applied, createdBy, origin, options, (row, message) => outcome.errors.push({ row, field: 'partOf', message }));
    for (const create of plan.creates) {
      const dealId = createdBy.get(create.row);
      if (dealId) outcome.undo.created.push({ dealId, written: readDealFields(doc, dealId) ?? {} });
    }
    for (const dealId of updated) {
      const was = before.get(dealId);
      const now = readDealFields(doc, dealId);
      const fields = was && now ? changedFields(was, now) : {};
      if (Object.keys(fields).length > 0) outcome.undo.updated.push({ dealId, fields });
    }
  }, origin);
  return outcome;
}

/**
 * Sets the planned Part of links. The plan checked them as the board will be after the import;
 * to keep every step valid for the mutations too, each changed deal is first taken out of its
 * round, then the new links are made, so the links at any moment are a subset of the final ones.
 */
function linkParts(
  doc: Y.Doc,
  links: ReadonlyArray<{ row: number; dealId: string; partOf: { dealId: string } | { row: number } | null }>,
  createdBy: ReadonlyMap<number, string>,
  origin: MutationOrigin,
  options: MutationOptions | undefined,
  report: (row: number, message: string) => void,
): void {
  for (const link of links) setPartOf(doc, { dealId: link.dealId, partOf: null }, origin, options);
  for (const link of links) {
    if (link.partOf === null) continue;
    const roundId = 'dealId' in link.partOf ? link.partOf.dealId : createdBy.get(link.partOf.row);
    if (!roundId) {
      report(link.row, `row ${'row' in link.partOf ? link.partOf.row : ''} (its round) was not imported`);
      continue;
    }
    const result = setPartOf(doc, { dealId: link.dealId, partOf: roundId }, origin, options);
    if (!result.ok && result.error.code !== 'noop') report(link.row, result.error.message.replace(/^partOf:\s*/, ''));
  }
}
