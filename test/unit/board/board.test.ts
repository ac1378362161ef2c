import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { PIPELINE_COLUMNS, SYSTEM_ORIGIN, initBoard, readBoardInfo, selectColumns, setBoardInfo } from '../../../shared/src/board';
import { ADA, expectRejected, pipelineBoard, value } from './util';

describe('initBoard', () => {
  it('creates the pipeline template in order, in one transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const { columnIds } = value(initBoard(doc, { name: ' Deals ', currency: 'EUR', template: 'pipeline' }, SYSTEM_ORIGIN));
    expect(origins).toEqual([SYSTEM_ORIGIN]);
    expect(readBoardInfo(doc)).toEqual({ name: 'Deals', currency: 'EUR' });
    const { columns } = selectColumns(doc);
    expect(columns.map((c) => c.id)).toEqual(columnIds);
    expect(columns.map(({ name, kind, probability, staleDays, color }) => ({ name, kind, probability, staleDays, color }))).toEqual(PIPELINE_COLUMNS);
    expect(new Set(columns.map((c) => c.color)).size).toBe(6);
    expect(columnIds.every((id) => /^[0-9a-z]{16}$/.test(id))).toBe(true);
  });

  it('empty template: no columns, USD by default', () => {
    const doc = new Y.Doc();
    expect(value(initBoard(doc, { name: 'Empty', template: 'empty' }, ADA))).toEqual({ columnIds: [] });
    expect(readBoardInfo(doc)).toEqual({ name: 'Empty', currency: 'USD' });
  });

  it('rejects bad input and a second initialisation without touching the doc', () => {
    const doc = new Y.Doc();
    expectRejected(doc, () => initBoard(doc, { name: '', template: 'pipeline' }, ADA), 'invalid', 'name');
    expectRejected(doc, () => initBoard(doc, { name: 'X', currency: 'XXQ', template: 'pipeline' }, ADA), 'invalid', 'currency');
    expectRejected(doc, () => initBoard(doc, { name: 'X', template: 'kanban' as 'empty' }, ADA), 'invalid', 'template');
    const { doc: used } = pipelineBoard();
    expectRejected(used, () => initBoard(used, { name: 'Again', template: 'empty' }, ADA), 'invalid');
  });
});

describe('setBoardInfo', () => {
  it('writes only what changed; nothing changed is a noop', () => {
    const { doc } = pipelineBoard();
    value(setBoardInfo(doc, { name: 'Renamed' }, ADA));
    expect(readBoardInfo(doc)).toEqual({ name: 'Renamed', currency: 'USD' });
    value(setBoardInfo(doc, { currency: 'GBP' }, ADA));
    expect(readBoardInfo(doc).currency).toBe('GBP');
    expectRejected(doc, () => setBoardInfo(doc, { name: 'Renamed', currency: 'GBP' }, ADA), 'noop');
    expectRejected(doc, () => setBoardInfo(doc, {}, ADA), 'noop');
  });

  it('rejects bad input', () => {
    const { doc } = pipelineBoard();
    expectRejected(doc, () => setBoardInfo(doc, { name: '  ' }, ADA), 'invalid', 'name');
    expectRejected(doc, () => setBoardInfo(doc, { currency: 'dollars' }, ADA), 'invalid', 'currency');
    expectRejected(doc, () => setBoardInfo(doc, { name: 'x', owner: 'me' } as { name: string }, ADA), 'invalid', 'owner');
  });
});
