/** Board-level mutations: create the board's content, rename it, change its currency. */
import * as Y from 'yjs';
import type { MutationOrigin } from '../origin';
import { rankBetween } from '../rank';
import { DEFAULT_CURRENCY } from '../readers';
import { fail, ok, type MutationResult } from '../result';
import { boardMap, columnsMap } from '../schema';
import { TEMPLATES, type BoardTemplate } from '../templates';
import { boardInfoPatchSchema, initBoardSchema } from '../validate';
import { context, noop, parseInput, type MutationOptions } from './common';

/**
 * Give an empty document its name, currency and template columns, in one
 * transaction. Refused ('invalid') when the board already has a name or columns.
 * @example initBoard(doc, {name: 'Pipeline', template: 'pipeline'}, SYSTEM_ORIGIN)
 */
export function initBoard(
  doc: Y.Doc,
  input: { name: string; currency?: string; template: BoardTemplate },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult<{ columnIds: string[] }> {
  const parsed = parseInput(initBoardSchema, input);
  if (!parsed.ok) return parsed;
  const { name, currency, template } = parsed.value;
  if (boardMap(doc).has('name') || columnsMap(doc).size > 0) return fail('invalid', 'board is already initialised');
  const ctx = context(origin, options);
  const columns = TEMPLATES[template];
  let last: string | null = null;
  const planned = columns.map((column) => {
    last = rankBetween(last, null);
    return { column, id: ctx.makeId(), rank: last };
  });
  doc.transact(() => {
    const board = boardMap(doc);
    board.set('name', name);
    board.set('currency', currency ?? DEFAULT_CURRENCY);
    for (const { column, id, rank } of planned) {
      const map = new Y.Map<unknown>();
      columnsMap(doc).set(id, map);
      map.set('name', column.name);
      map.set('rank', rank);
      map.set('kind', column.kind);
      map.set('probability', column.probability);
      map.set('staleDays', column.staleDays);
      map.set('color', column.color);
    }
  }, origin);
  return ok({ columnIds: planned.map((p) => p.id) });
}

/** Rename the board and/or change the currency totals are shown in. Only changed fields are written. */
export function setBoardInfo(doc: Y.Doc, input: { name?: string; currency?: string }, origin: MutationOrigin, _options?: MutationOptions): MutationResult {
  const parsed = parseInput(boardInfoPatchSchema, input);
  if (!parsed.ok) return parsed;
  const board = boardMap(doc);
  const changes = Object.entries(parsed.value).filter(([key, value]) => value !== undefined && board.get(key) !== value);
  if (changes.length === 0) return noop();
  doc.transact(() => {
    for (const [key, value] of changes) board.set(key, value);
  }, origin);
  return ok();
}
