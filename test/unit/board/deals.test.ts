import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_ORIGIN,
  archiveDeal,
  createDeal,
  dealNotes,
  deleteDeal,
  getDealMap,
  moveDeal,
  readDealById,
  restoreDeal,
  setBoardInfo,
  updateDeal,
  type Deal,
} from '../../../shared/src/board';
import { ADA, BOB, NOW, expectRejected, pipelineBoard, seedDeals, titlesIn, value } from './util';

const deal = (doc: Y.Doc, id: string) => readDealById(doc, id) as Deal;

describe('createDeal', () => {
  it('writes every field, nested types included, stamped by the actor', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(
      createDeal(
        doc,
        {
          columnId: columns.talks,
          title: 'Amazon → OpenAI',
          kind: 'investment',
          acquirer: 'Amazon',
          target: 'OpenAI',
          amount: 50e9,
          amountQualifier: 'up_to',
          valuation: 830e9,
          probability: 40,
          ownerId: 'ada',
          expectedClose: '2026-06-30',
          tags: ['AI', 'cloud'],
          links: ['https://openai.com/'],
          notes: 'Jassy and Altman',
        },
        ADA,
        { now: NOW },
      ),
    );
    const map = getDealMap(doc, dealId);
    expect(map?.get('tags')).toBeInstanceOf(Y.Array);
    expect(map?.get('notes')).toBeInstanceOf(Y.Text);
    expect(map?.get('comments')).toBeInstanceOf(Y.Map);
    expect(deal(doc, dealId)).toEqual({
      id: dealId,
      title: 'Amazon → OpenAI',
      kind: 'investment',
      acquirer: 'Amazon',
      target: 'OpenAI',
      amount: 50e9,
      amountQualifier: 'up_to',
      currency: 'USD',
      valuation: 830e9,
      probability: 40,
      ownerId: 'ada',
      expectedClose: '2026-06-30',
      partOf: null,
      tags: ['AI', 'cloud'],
      links: ['https://openai.com/'],
      notes: 'Jassy and Altman',
      comments: [],
      columnId: columns.talks,
      rank: 'a0',
      createdAt: NOW.toISOString(),
      createdBy: 'ada',
      updatedAt: NOW.toISOString(),
      updatedBy: 'ada',
      stageEnteredAt: NOW.toISOString(),
      archived: false,
    });
  });

  it('defaults: board currency, end of column, system actor', () => {
    const { doc, columns } = pipelineBoard();
    value(setBoardInfo(doc, { currency: 'EUR' }, ADA));
    seedDeals(doc, columns.talks, ['A', 'B']);
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'C' }, SYSTEM_ORIGIN));
    expect(deal(doc, dealId)).toMatchObject({ currency: 'EUR', createdBy: 'system', kind: 'other', amount: null, ownerId: null });
    expect(titlesIn(doc, columns.talks)).toEqual(['A', 'B', 'C']);
  });

  it('after / before neighbours', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B']) as [string, string];
    value(createDeal(doc, { columnId: columns.talks, title: 'first', before: a }, ADA));
    value(createDeal(doc, { columnId: columns.talks, title: 'mid', after: a }, ADA));
    value(createDeal(doc, { columnId: columns.talks, title: 'mid2', after: a, before: b }, ADA));
    expect(titlesIn(doc, columns.talks)).toEqual(['first', 'A', 'mid2', 'mid', 'B']);
  });

  it('rejects bad input without touching the doc', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    const [other] = seedDeals(doc, columns.closed, ['X']) as [string];
    const base = { columnId: columns.talks, title: 'T' };
    expectRejected(doc, () => createDeal(doc, { ...base, title: ' ' }, ADA), 'invalid', 'title');
    expectRejected(doc, () => createDeal(doc, { ...base, columnId: 'nope' }, ADA), 'not_found', 'columnId');
    expectRejected(doc, () => createDeal(doc, { ...base, amount: -1 }, ADA), 'invalid', 'amount');
    expectRejected(doc, () => createDeal(doc, { ...base, links: ['ftp://x.org'] }, ADA), 'invalid', 'links.0');
    expectRejected(doc, () => createDeal(doc, { ...base, after: 'nope' }, ADA), 'not_found', 'after');
    expectRejected(doc, () => createDeal(doc, { ...base, after: other }, ADA), 'invalid', 'after');
    expectRejected(doc, () => createDeal(doc, { ...base, before: a, after: a }, ADA), 'invalid', 'before');
  });
});

describe('updateDeal', () => {
  it('writes only the fields that changed', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'T', amount: 5, tags: ['a'] }, ADA, { now: NOW }));
    const keys: string[] = [];
    getDealMap(doc, dealId)?.observe((event) => keys.push(...event.keysChanged));
    const later = new Date('2026-02-01T00:00:00.000Z');
    value(updateDeal(doc, { dealId, patch: { title: 'T', amount: 7, probability: null, tags: ['a'] } }, BOB, { now: later }));
    expect(keys.sort()).toEqual(['amount', 'updatedAt', 'updatedBy']);
    expect(deal(doc, dealId)).toMatchObject({ amount: 7, updatedBy: 'bob', updatedAt: later.toISOString(), createdBy: 'ada' });
  });

  it('nothing different is a noop', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'T', tags: ['a'], notes: 'n' }, ADA));
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: {} }, ADA), 'noop');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { title: ' T ', tags: ['a', 'a'], notes: 'n' } }, ADA), 'noop');
  });

  it('edits tags and links minimally (the unchanged items stay the same Yjs items)', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'T', tags: ['a', 'b', 'c', 'd'] }, ADA));
    const tags = getDealMap(doc, dealId)?.get('tags') as Y.Array<string>;
    const deltas: unknown[] = [];
    tags.observe((event) => deltas.push(event.changes.delta));
    value(updateDeal(doc, { dealId, patch: { tags: ['a', 'c', 'd', 'e'] } }, ADA));
    expect(deltas).toEqual([[{ retain: 1 }, { delete: 1 }, { retain: 2 }, { insert: ['e'] }]]);
    expect(deal(doc, dealId).tags).toEqual(['a', 'c', 'd', 'e']);
    value(updateDeal(doc, { dealId, patch: { links: ['https://a.com/', 'https://b.com/'] } }, ADA));
    value(updateDeal(doc, { dealId, patch: { links: ['https://b.com/'] } }, ADA));
    expect(deal(doc, dealId).links).toEqual(['https://b.com/']);
  });

  it('edits notes as a minimal text change', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'T', notes: 'Amazon may invest $50B' }, ADA));
    const deltas: unknown[] = [];
    dealNotes(doc, dealId)?.observe((event) => deltas.push(event.delta));
    value(updateDeal(doc, { dealId, patch: { notes: 'Amazon may invest up to $50B' } }, ADA));
    expect(deltas).toEqual([[{ retain: 18 }, { insert: 'up to ' }]]);
  });

  it('rejects bad input without touching the doc', () => {
    const { doc, columns } = pipelineBoard();
    const [dealId] = seedDeals(doc, columns.talks, ['A']) as [string];
    expectRejected(doc, () => updateDeal(doc, { dealId: 'nope', patch: { title: 'x' } }, ADA), 'not_found', 'dealId');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { title: '' } }, ADA), 'invalid', 'patch.title');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { probability: 101 } }, ADA), 'invalid', 'patch.probability');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { columnId: 'x' } as object }, ADA), 'invalid', 'patch.columnId');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { tags: ['x'.repeat(41)] } }, ADA), 'invalid', 'patch.tags.0');
    expectRejected(doc, () => updateDeal(doc, { dealId, patch: { currency: 'EURO' } }, ADA), 'invalid', 'patch.currency');
  });
});

describe('moveDeal', () => {
  it('moves between columns by setting columnId and rank on the same map', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    seedDeals(doc, columns.agreed, ['X', 'Y']);
    const map = getDealMap(doc, a);
    const later = new Date('2026-02-05T00:00:00.000Z');
    value(moveDeal(doc, { dealId: a, toColumnId: columns.agreed }, BOB, { now: later }));
    expect(getDealMap(doc, a)).toBe(map);
    expect(titlesIn(doc, columns.agreed)).toEqual(['X', 'Y', 'A']);
    expect(deal(doc, a)).toMatchObject({ columnId: columns.agreed, stageEnteredAt: later.toISOString(), updatedBy: 'bob' });
  });

  it('reorders within a column without touching stageEnteredAt; same place is a noop', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b, c] = seedDeals(doc, columns.talks, ['A', 'B', 'C']) as [string, string, string];
    value(moveDeal(doc, { dealId: c, toColumnId: columns.talks, before: a }, ADA, { now: new Date('2026-03-01T00:00:00Z') }));
    expect(titlesIn(doc, columns.talks)).toEqual(['C', 'A', 'B']);
    expect(deal(doc, c).stageEnteredAt).toBe(NOW.toISOString());
    value(moveDeal(doc, { dealId: c, toColumnId: columns.talks, after: a, before: b }, ADA));
    expect(titlesIn(doc, columns.talks)).toEqual(['A', 'C', 'B']);
    expectRejected(doc, () => moveDeal(doc, { dealId: c, toColumnId: columns.talks, after: a }, ADA), 'noop');
    expectRejected(doc, () => moveDeal(doc, { dealId: c, toColumnId: columns.talks, before: b }, ADA), 'noop');
    expectRejected(doc, () => moveDeal(doc, { dealId: b, toColumnId: columns.talks }, ADA), 'noop');
  });

  it('lands exactly between two deals that share a rank', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b, x] = seedDeals(doc, columns.talks, ['A', 'B', 'X']) as [string, string, string];
    // Force a tie, as two replicas dropping into the same gap would.
    getDealMap(doc, b)?.set('rank', deal(doc, a).rank);
    const [first, second] = [a, b].sort();
    value(moveDeal(doc, { dealId: x, toColumnId: columns.talks, after: first }, ADA));
    const order = titlesIn(doc, columns.talks);
    expect(order).toEqual([deal(doc, first as string).title, 'X', deal(doc, second as string).title]);
  });

  it('rejects bad input without touching the doc', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B']) as [string, string];
    const [x] = seedDeals(doc, columns.agreed, ['X']) as [string];
    expectRejected(doc, () => moveDeal(doc, { dealId: 'nope', toColumnId: columns.talks }, ADA), 'not_found', 'dealId');
    expectRejected(doc, () => moveDeal(doc, { dealId: a, toColumnId: 'nope' }, ADA), 'not_found', 'toColumnId');
    expectRejected(doc, () => moveDeal(doc, { dealId: a, toColumnId: columns.agreed, after: b }, ADA), 'invalid', 'after');
    expectRejected(doc, () => moveDeal(doc, { dealId: a, toColumnId: columns.agreed, after: a }, ADA), 'invalid', 'after');
    expectRejected(doc, () => moveDeal(doc, { dealId: a, toColumnId: columns.agreed, before: 'ghost' }, ADA), 'not_found', 'before');
    expectRejected(doc, () => moveDeal(doc, { dealId: x, toColumnId: columns.talks, after: b, before: a }, ADA), 'invalid', 'before');
  });
});

describe('archive / restore / delete', () => {
  it('archive hides, restore brings back in place; repeats are noops', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A', 'B']) as [string];
    value(archiveDeal(doc, { dealId: a }, BOB));
    expect(titlesIn(doc, columns.talks)).toEqual(['B']);
    expect(titlesIn(doc, columns.talks, true)).toEqual(['A', 'B']);
    expect(deal(doc, a).updatedBy).toBe('bob');
    expectRejected(doc, () => archiveDeal(doc, { dealId: a }, ADA), 'noop');
    value(restoreDeal(doc, { dealId: a }, ADA));
    expect(titlesIn(doc, columns.talks)).toEqual(['A', 'B']);
    expectRejected(doc, () => restoreDeal(doc, { dealId: a }, ADA), 'noop');
    expectRejected(doc, () => archiveDeal(doc, { dealId: 'nope' }, ADA), 'not_found', 'dealId');
    expectRejected(doc, () => restoreDeal(doc, { dealId: '' }, ADA), 'invalid', 'dealId');
  });

  it('delete removes the deal map', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    value(deleteDeal(doc, { dealId: a }, ADA));
    expect(getDealMap(doc, a)).toBeNull();
    expect(readDealById(doc, a)).toBeNull();
    expectRejected(doc, () => deleteDeal(doc, { dealId: a }, ADA), 'not_found', 'dealId');
  });
});

describe('one transaction per mutation, with the given origin', () => {
  it('every mutation above runs exactly one transaction', () => {
    const { doc, columns } = pipelineBoard();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'A', tags: ['x'] }, ADA));
    value(updateDeal(doc, { dealId, patch: { title: 'B', tags: ['y'], notes: 'n' } }, ADA));
    value(moveDeal(doc, { dealId, toColumnId: columns.agreed }, ADA));
    value(archiveDeal(doc, { dealId }, ADA));
    value(restoreDeal(doc, { dealId }, ADA));
    value(deleteDeal(doc, { dealId }, ADA));
    expect(origins).toEqual([ADA, ADA, ADA, ADA, ADA, ADA]);
  });
});
