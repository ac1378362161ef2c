import { describe, expect, it } from 'vitest';
import {
  addColumn,
  archiveDeal,
  deleteColumn,
  moveColumn,
  readDealById,
  renameColumn,
  selectColumns,
  selectLanes,
  setColumnProps,
  type Deal,
} from '../../../shared/src/board';
import { ADA, NOW, expectRejected, pipelineBoard, seedDeals, titlesIn, value } from './util';

const names = (doc: Parameters<typeof selectColumns>[0]) => selectColumns(doc).columns.map((c) => c.name);

describe('addColumn', () => {
  it('adds an open stage before the closing stages by default, or goes after / before a column', () => {
    const { doc, columns } = pipelineBoard();
    value(addColumn(doc, { name: 'Signing' }, ADA));
    value(addColumn(doc, { name: 'Withdrawn', kind: 'lost' }, ADA));
    value(addColumn(doc, { name: 'Last', after: columns.abandoned }, ADA));
    value(addColumn(doc, { name: 'Due diligence', probability: 40, staleDays: 14, color: '#123abc', after: columns.agreed }, ADA));
    value(addColumn(doc, { name: 'First', before: columns.rumoured }, ADA));
    expect(names(doc)).toEqual([
      'First',
      'Rumoured',
      'In talks',
      'Agreed',
      'Due diligence',
      'Regulatory review',
      'Signing',
      'Closed',
      'Abandoned',
      'Last',
      'Withdrawn',
    ]);
    const dd = selectColumns(doc).columns.find((c) => c.name === 'Due diligence');
    expect(dd).toMatchObject({ kind: 'open', probability: 40, staleDays: 14, color: '#123abc' });
  });

  it('appends an open stage when the board does not end with closing stages', () => {
    const { doc, columns } = pipelineBoard();
    value(moveColumn(doc, { columnId: columns.closed, before: columns.rumoured }, ADA));
    value(moveColumn(doc, { columnId: columns.abandoned, before: columns.rumoured }, ADA));
    value(addColumn(doc, { name: 'Signing' }, ADA));
    expect(names(doc).at(-1)).toBe('Signing');
  });

  it('rejects bad input without touching the doc', () => {
    const { doc, columns } = pipelineBoard();
    expectRejected(doc, () => addColumn(doc, { name: '' }, ADA), 'invalid', 'name');
    expectRejected(doc, () => addColumn(doc, { name: 'x'.repeat(61) }, ADA), 'invalid', 'name');
    expectRejected(doc, () => addColumn(doc, { name: 'X', color: 'red' }, ADA), 'invalid', 'color');
    expectRejected(doc, () => addColumn(doc, { name: 'X', probability: -1 }, ADA), 'invalid', 'probability');
    expectRejected(doc, () => addColumn(doc, { name: 'X', kind: 'done' as 'won' }, ADA), 'invalid', 'kind');
    expectRejected(doc, () => addColumn(doc, { name: 'X', after: 'nope' }, ADA), 'not_found', 'after');
    expectRejected(doc, () => addColumn(doc, { name: 'X', after: columns.closed, before: columns.rumoured }, ADA), 'invalid', 'before');
  });
});

describe('renameColumn / setColumnProps', () => {
  it('rename; same name is a noop', () => {
    const { doc, columns } = pipelineBoard();
    value(renameColumn(doc, { columnId: columns.talks, name: ' Negotiating ' }, ADA));
    expect(names(doc)[1]).toBe('Negotiating');
    expectRejected(doc, () => renameColumn(doc, { columnId: columns.talks, name: 'Negotiating' }, ADA), 'noop');
    expectRejected(doc, () => renameColumn(doc, { columnId: 'nope', name: 'X' }, ADA), 'not_found', 'columnId');
    expectRejected(doc, () => renameColumn(doc, { columnId: columns.talks, name: '' }, ADA), 'invalid', 'name');
  });

  it('props: only changed fields are written', () => {
    const { doc, columns } = pipelineBoard();
    value(setColumnProps(doc, { columnId: columns.talks, probability: 30, staleDays: null }, ADA));
    expect(selectColumns(doc).columns[1]).toMatchObject({ probability: 30, staleDays: null, kind: 'open' });
    expectRejected(doc, () => setColumnProps(doc, { columnId: columns.talks, probability: 30 }, ADA), 'noop');
    expectRejected(doc, () => setColumnProps(doc, { columnId: columns.talks }, ADA), 'noop');
    expectRejected(doc, () => setColumnProps(doc, { columnId: columns.talks, staleDays: 1.5 }, ADA), 'invalid', 'staleDays');
    expectRejected(doc, () => setColumnProps(doc, { columnId: 'nope', kind: 'won' }, ADA), 'not_found');
  });
});

describe('moveColumn', () => {
  it('reorders; the same place is a noop', () => {
    const { doc, columns } = pipelineBoard();
    value(moveColumn(doc, { columnId: columns.abandoned, after: columns.talks }, ADA));
    expect(names(doc)).toEqual(['Rumoured', 'In talks', 'Abandoned', 'Agreed', 'Regulatory review', 'Closed']);
    value(moveColumn(doc, { columnId: columns.rumoured }, ADA));
    expect(names(doc).at(-1)).toBe('Rumoured');
    value(moveColumn(doc, { columnId: columns.rumoured, before: columns.talks }, ADA));
    expect(names(doc)[0]).toBe('Rumoured');
    expectRejected(doc, () => moveColumn(doc, { columnId: columns.rumoured, before: columns.talks }, ADA), 'noop');
    expectRejected(doc, () => moveColumn(doc, { columnId: columns.closed, after: columns.closed }, ADA), 'invalid', 'after');
    expectRejected(doc, () => moveColumn(doc, { columnId: 'nope' }, ADA), 'not_found', 'columnId');
    expectRejected(doc, () => moveColumn(doc, { columnId: columns.closed, after: 'nope' }, ADA), 'not_found', 'after');
  });
});

describe('deleteColumn', () => {
  it('deletes an empty column', () => {
    const { doc, columns } = pipelineBoard();
    value(deleteColumn(doc, { columnId: columns.agreed }, ADA));
    expect(names(doc)).not.toContain('Agreed');
  });

  it('requires a target when the column holds deals, archived ones included', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.agreed, ['A']) as [string];
    value(archiveDeal(doc, { dealId: a }, ADA));
    expectRejected(doc, () => deleteColumn(doc, { columnId: columns.agreed }, ADA), 'invalid', 'moveDealsTo');
    expectRejected(doc, () => deleteColumn(doc, { columnId: columns.agreed, moveDealsTo: columns.agreed }, ADA), 'invalid', 'moveDealsTo');
    expectRejected(doc, () => deleteColumn(doc, { columnId: columns.agreed, moveDealsTo: 'nope' }, ADA), 'not_found', 'moveDealsTo');
    expectRejected(doc, () => deleteColumn(doc, { columnId: 'nope', moveDealsTo: columns.talks }, ADA), 'not_found', 'columnId');
  });

  it('appends the deals at the end of the target in their order, with a new stageEnteredAt', () => {
    const { doc, columns } = pipelineBoard();
    seedDeals(doc, columns.talks, ['T1', 'T2']);
    const moved = seedDeals(doc, columns.agreed, ['A1', 'A2', 'A3']);
    const later = new Date('2026-02-10T09:00:00.000Z');
    value(deleteColumn(doc, { columnId: columns.agreed, moveDealsTo: columns.talks }, ADA, { now: later }));
    expect(titlesIn(doc, columns.talks)).toEqual(['T1', 'T2', 'A1', 'A2', 'A3']);
    for (const id of moved) expect((readDealById(doc, id) as Deal).stageEnteredAt).toBe(later.toISOString());
    expect(selectLanes(doc).some((l) => l.column === null)).toBe(false);
    expect(NOW < later).toBe(true);
  });
});
