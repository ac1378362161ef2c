/** Column mutations: add, rename, reorder, change properties, delete (moving its deals). */
import * as Y from 'yjs';
import { z } from 'zod';
import type { MutationOrigin } from '../origin';
import { ranksAfter } from '../rank';
import { dealIdsIn, getColumnMap, getDealMap, isValid, rankedDealsIn, readColumnById, readColumns } from '../readers';
import { fail, ok, type MutationResult } from '../result';
import { columnsMap, type Column, type ColumnKind } from '../schema';
import { COLUMN_PALETTE } from '../templates';
import { columnNameSchema, columnPropsSchema, idSchema, newColumnSchema } from '../validate';
import { context, noop, parseInput, placeAmong, stamp, type MutationOptions } from './common';

function validColumns(doc: Y.Doc): Column[] {
  return readColumns(doc).filter(isValid);
}

/**
 * Where a new stage goes when no neighbour is given: an open stage before the won/lost stages
 * that end the board (open stages stay together), a won or lost one at the end.
 */
function defaultPlace(columns: readonly Column[], kind: ColumnKind): { after: string | null; before: string | null } | null {
  if (kind !== 'open') return null;
  let first = columns.length;
  while (first > 0 && columns[first - 1]?.kind !== 'open') first--;
  const closing = columns[first];
  return closing ? { after: columns[first - 1]?.id ?? null, before: closing.id } : null;
}

/**
 * Add a stage column where `after`/`before` (column ids) say; with neither, an open stage goes
 * before the closing (won/lost) stages at the end, any other at the very end.
 * @example addColumn(doc, {name: 'Due diligence', probability: 40, after: agreedId}, origin)
 */
export function addColumn(
  doc: Y.Doc,
  input: {
    name: string;
    kind?: ColumnKind;
    probability?: number | null;
    staleDays?: number | null;
    color?: string;
    after?: string | null;
    before?: string | null;
  },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult<{ columnId: string }> {
  const parsed = parseInput(newColumnSchema, input);
  if (!parsed.ok) return parsed;
  const { name, kind, probability, staleDays, color, after, before } = parsed.value;
  const ctx = context(origin, options);
  const columnId = ctx.makeId();
  const columns = validColumns(doc);
  const place = after == null && before == null ? defaultPlace(columns, kind ?? 'open') : null;
  const plan = placeAmong(columns, columnId, place ? place.after : after, place ? place.before : before, (id) => columnsMap(doc).has(id));
  if (!plan.ok) return plan;
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    columnsMap(doc).set(columnId, map);
    map.set('name', name);
    map.set('rank', plan.value.rank);
    map.set('kind', kind ?? 'open');
    map.set('probability', probability ?? null);
    map.set('staleDays', staleDays ?? null);
    map.set('color', color ?? COLUMN_PALETTE[columns.length % COLUMN_PALETTE.length]);
    for (const { id, rank } of plan.value.rerank) getColumnMap(doc, id)?.set('rank', rank);
  }, origin);
  return ok({ columnId });
}

const renameSchema = z.strictObject({ columnId: idSchema, name: columnNameSchema });

/** Rename a column. */
export function renameColumn(doc: Y.Doc, input: { columnId: string; name: string }, origin: MutationOrigin, _options?: MutationOptions): MutationResult {
  const parsed = parseInput(renameSchema, input);
  if (!parsed.ok) return parsed;
  const map = getColumnMap(doc, parsed.value.columnId);
  if (!map) return fail('not_found', 'no such column', 'columnId');
  if (map.get('name') === parsed.value.name) return noop();
  doc.transact(() => map.set('name', parsed.value.name), origin);
  return ok();
}

const moveSchema = z.strictObject({
  columnId: idSchema,
  after: idSchema.nullable().optional(),
  before: idSchema.nullable().optional(),
});

/** Reorder a column: right after column `after`, or right before `before`, or last. */
export function moveColumn(
  doc: Y.Doc,
  input: { columnId: string; after?: string | null; before?: string | null },
  origin: MutationOrigin,
  _options?: MutationOptions,
): MutationResult {
  const parsed = parseInput(moveSchema, input);
  if (!parsed.ok) return parsed;
  const { columnId, after, before } = parsed.value;
  const map = getColumnMap(doc, columnId);
  if (!map) return fail('not_found', 'no such column', 'columnId');
  const plan = placeAmong(validColumns(doc), columnId, after, before, (id) => columnsMap(doc).has(id));
  if (!plan.ok) return plan;
  doc.transact(() => {
    map.set('rank', plan.value.rank);
    for (const { id, rank } of plan.value.rerank) getColumnMap(doc, id)?.set('rank', rank);
  }, origin);
  return ok();
}

/** Change a column's kind, default probability, stale threshold or colour; only changed fields are written. */
export function setColumnProps(
  doc: Y.Doc,
  input: { columnId: string; kind?: ColumnKind; probability?: number | null; staleDays?: number | null; color?: string },
  origin: MutationOrigin,
  _options?: MutationOptions,
): MutationResult {
  const parsed = parseInput(columnPropsSchema, input);
  if (!parsed.ok) return parsed;
  const { columnId, ...props } = parsed.value;
  const map = getColumnMap(doc, columnId);
  if (!map) return fail('not_found', 'no such column', 'columnId');
  const changes = Object.entries(props).filter(([key, value]) => value !== undefined && map.get(key) !== value);
  if (changes.length === 0) return noop();
  doc.transact(() => {
    for (const [key, value] of changes) map.set(key, value);
  }, origin);
  return ok();
}

const deleteSchema = z.strictObject({ columnId: idSchema, moveDealsTo: idSchema.optional() });

/**
 * Delete a column. If it holds any deal (archived or invalid ones too),
 * `moveDealsTo` must name another valid column: the deals are appended at its
 * end in their current order with a fresh `stageEnteredAt`, so none is orphaned.
 */
export function deleteColumn(doc: Y.Doc, input: { columnId: string; moveDealsTo?: string }, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  const parsed = parseInput(deleteSchema, input);
  if (!parsed.ok) return parsed;
  const { columnId, moveDealsTo } = parsed.value;
  if (!getColumnMap(doc, columnId)) return fail('not_found', 'no such column', 'columnId');
  if (moveDealsTo !== undefined) {
    if (moveDealsTo === columnId) return fail('invalid', 'moveDealsTo: must be another column', 'moveDealsTo');
    const target = readColumnById(doc, moveDealsTo);
    if (!target || !isValid(target)) return fail('not_found', 'moveDealsTo: no such column', 'moveDealsTo');
  }
  const moving = dealIdsIn(doc, columnId);
  if (moving.length > 0 && moveDealsTo === undefined) {
    return fail('invalid', 'moveDealsTo: required, the column holds deals', 'moveDealsTo');
  }
  const ctx = context(origin, options);
  const target = moveDealsTo === undefined ? [] : rankedDealsIn(doc, moveDealsTo);
  const ranks = ranksAfter(target.at(-1)?.rank ?? null, moving.length);
  doc.transact(() => {
    moving.forEach((id, i) => {
      const deal = getDealMap(doc, id);
      if (!deal) return;
      deal.set('columnId', moveDealsTo);
      deal.set('rank', ranks[i]);
      deal.set('stageEnteredAt', ctx.at);
      stamp(deal, ctx);
    });
    columnsMap(doc).delete(columnId);
  }, origin);
  return ok();
}
