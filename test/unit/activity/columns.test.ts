/** Column activity, derived from updates applied as a remote client's. */
import { beforeEach, describe, expect, it } from 'vitest';
import { addColumn, createDeal, deleteColumn, moveColumn, renameColumn, setColumnProps, userOrigin } from '../../../shared/src/board';
import { ADA, ADA_CONNECTION, type Harness, type SeededBoard, createHarness, must, seedBoard } from './harness';

const ada = userOrigin(ADA.id);

let h: Harness;
let board: SeededBoard;

beforeEach(() => {
  h = createHarness();
  board = seedBoard(h);
});

describe('columns', () => {
  it('column.created', () => {
    const { columnId } = h.as(ADA_CONNECTION, (doc) => must(addColumn(doc, { name: 'Due diligence', kind: 'open' }, ada)));
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      actor: ADA,
      type: 'column.created',
      summary: 'Ada created column Due diligence',
      data: { columnId, name: 'Due diligence', kind: 'open' },
    });
    expect(h.events[0]?.dealId).toBeUndefined();
  });

  it('column.renamed carries from/to', () => {
    h.as(ADA_CONNECTION, (doc) => must(renameColumn(doc, { columnId: board.columns.inTalks, name: 'Negotiating' }, ada)));
    expect(h.events.map((e) => [e.type, e.summary, e.data])).toEqual([
      ['column.renamed', 'Ada renamed column In talks to Negotiating', { columnId: board.columns.inTalks, from: 'In talks', to: 'Negotiating' }],
    ]);
  });

  it('column.moved for a reorder of columns', () => {
    h.as(ADA_CONNECTION, (doc) => must(moveColumn(doc, { columnId: board.columns.abandoned, after: board.columns.rumoured }, ada)));
    expect(h.events.map((e) => [e.type, e.summary, e.data])).toEqual([
      ['column.moved', 'Ada moved column Abandoned', { columnId: board.columns.abandoned, name: 'Abandoned' }],
    ]);
  });

  it('column.updated lists the changed properties with old and new values', () => {
    h.as(ADA_CONNECTION, (doc) => must(setColumnProps(doc, { columnId: board.columns.agreed, probability: 70, color: '#000000' }, ada)));
    expect(h.events.map((e) => [e.type, e.summary, e.data])).toEqual([
      [
        'column.updated',
        'Ada changed probability, color on column Agreed',
        {
          columnId: board.columns.agreed,
          name: 'Agreed',
          fields: { probability: { from: 60, to: 70 }, color: { from: '#0ea5e9', to: '#000000' } },
        },
      ],
    ]);
  });

  it('deleting a column tells column.deleted and a deal.moved for each deal it held', () => {
    const { dealId: second } = h.load((doc) => must(createDeal(doc, { columnId: board.columns.rumoured, title: 'xAI raise' }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(deleteColumn(doc, { columnId: board.columns.rumoured, moveDealsTo: board.columns.inTalks }, ada)));
    expect(h.events.map((e) => [e.type, e.dealId, e.summary])).toEqual([
      ['column.deleted', undefined, 'Ada deleted column Rumoured'],
      ['deal.moved', board.dealId, 'Ada moved Amazon invests in OpenAI from Rumoured to In talks'],
      ['deal.moved', second, 'Ada moved xAI raise from Rumoured to In talks'],
    ]);
    expect(h.events[0]?.data).toEqual({ columnId: board.columns.rumoured, name: 'Rumoured', dealsMoved: 2 });
    expect(h.events[1]?.data).toMatchObject({ from: board.columns.rumoured, to: board.columns.inTalks, fromName: 'Rumoured' });
  });

  it('a column renamed while loading is told by its newest name', () => {
    h.load((doc) => must(renameColumn(doc, { columnId: board.columns.review, name: 'CMA review' }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(deleteColumn(doc, { columnId: board.columns.review }, ada)));
    expect(h.events.map((e) => e.summary)).toEqual(['Ada deleted column CMA review']);
  });
});
