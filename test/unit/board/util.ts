/** Shared fixtures for the board-model unit tests. */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { boardMap, columnsMap, createDeal, dealsMap, initBoard, selectLanes, userOrigin, type MutationResult } from '../../../shared/src/board';

export const ADA = userOrigin('ada');
export const BOB = userOrigin('bob');
export const NOW = new Date('2026-01-29T12:00:00.000Z');

/** A pipeline board; returns the doc and its column ids in order. */
export function pipelineBoard(doc = new Y.Doc()) {
  const result = initBoard(doc, { name: 'Test board', template: 'pipeline' }, ADA, { now: NOW });
  if (!result.ok) throw new Error(result.error.message);
  const [rumoured, talks, agreed, review, closed, abandoned] = result.value.columnIds as [string, string, string, string, string, string];
  return { doc, columns: { rumoured, talks, agreed, review, closed, abandoned } };
}

/** Unwrap an ok result, failing the test otherwise. */
export function value<T>(result: MutationResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Create deals titled `titles` at the end of `columnId`; returns their ids. */
export function seedDeals(doc: Y.Doc, columnId: string, titles: string[], origin = ADA): string[] {
  return titles.map((title) => value(createDeal(doc, { columnId, title }, origin, { now: NOW })).dealId);
}

/** Run `fn`, expect a failed result with `code` (and `field`), and the document byte-for-byte unchanged. */
export function expectRejected<T>(doc: Y.Doc, fn: () => MutationResult<T>, code: string, field?: string): void {
  const before = Y.encodeStateAsUpdate(doc);
  const json = JSON.stringify(snapshot(doc));
  const result = fn();
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    if (field !== undefined) expect(result.error.field).toBe(field);
  }
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  expect(JSON.stringify(snapshot(doc))).toBe(json);
}

/** Titles per lane (column name or "(orphans)"). */
export function laneTitles(doc: Y.Doc, includeArchived = false): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const lane of selectLanes(doc, { includeArchived })) out[lane.column?.name ?? '(orphans)'] = lane.deals.map((d) => d.title);
  return out;
}

/** Titles of one lane by column id. */
export function titlesIn(doc: Y.Doc, columnId: string, includeArchived = false): string[] {
  return (
    selectLanes(doc, { includeArchived })
      .find((l) => l.column?.id === columnId)
      ?.deals.map((d) => d.title) ?? []
  );
}

/** The whole document as JSON, through the accessors (a doc that only received updates has untyped roots). */
export function snapshot(doc: Y.Doc): unknown {
  return { board: boardMap(doc).toJSON(), columns: columnsMap(doc).toJSON(), deals: dealsMap(doc).toJSON() };
}
