/**
 * A round and its parts: the relation's rules (mutation and validation), how totals count a
 * round's money once (column, table footer, forecast, history), and the demo board's figures.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  buildDemoBoard,
  createDeal,
  dealsMap,
  deleteDeal,
  forecast,
  laneTotals,
  readBoardInfo,
  readDealById,
  selectLanes,
  selectRounds,
  setPartOf,
  sumLaneTotals,
  updateDeal,
  type Deal,
} from '../../../shared/src/board';
import { boardState, pipelineTotals, waterfallOf } from '../../../shared/src/history';
import { ADA, NOW, expectRejected, pipelineBoard, value } from './util';

function board() {
  const { doc, columns } = pipelineBoard();
  const make = (title: string, amount: number | null, columnId = columns.talks, extra: Record<string, unknown> = {}) =>
    value(createDeal(doc, { columnId, title, amount, ...extra }, ADA, { now: NOW })).dealId;
  return { doc, columns, make };
}

const laneOf = (doc: Y.Doc, columnId: string) => selectLanes(doc).find((l) => l.column?.id === columnId)!;
const deal = (doc: Y.Doc, id: string) => readDealById(doc, id) as Deal;

describe('setPartOf', () => {
  it('links a deal to its round and unlinks it with null', () => {
    const { doc, make } = board();
    const round = make('OpenAI round', 100e9);
    const amazon = make('Amazon → OpenAI', 50e9);
    expect(deal(doc, amazon).partOf).toBeNull();
    value(setPartOf(doc, { dealId: amazon, partOf: round }, ADA));
    expect(deal(doc, amazon).partOf).toBe(round);
    expect(dealsMap(doc).get(amazon)?.get('updatedBy')).toBe('ada');
    expect(setPartOf(doc, { dealId: amazon, partOf: round }, ADA)).toMatchObject({ ok: false, error: { code: 'noop' } });
    value(setPartOf(doc, { dealId: amazon, partOf: null }, ADA));
    expect(deal(doc, amazon).partOf).toBeNull();
  });

  it('refuses a round that is missing, itself, or itself a part, and a part for a deal that has parts; the document is unchanged', () => {
    const { doc, make } = board();
    const round = make('OpenAI round', 100e9);
    const amazon = make('Amazon → OpenAI', 50e9);
    const softbank = make('SoftBank → OpenAI', 30e9);
    value(setPartOf(doc, { dealId: amazon, partOf: round }, ADA));
    expectRejected(doc, () => setPartOf(doc, { dealId: softbank, partOf: 'no-such-deal' }, ADA), 'not_found', 'partOf');
    expectRejected(doc, () => setPartOf(doc, { dealId: softbank, partOf: softbank }, ADA), 'invalid', 'partOf');
    // A part cannot be a round (one level deep, so no chain and no cycle).
    expectRejected(doc, () => setPartOf(doc, { dealId: softbank, partOf: amazon }, ADA), 'invalid', 'partOf');
    // A round cannot become a part.
    expectRejected(doc, () => setPartOf(doc, { dealId: round, partOf: softbank }, ADA), 'invalid', 'partOf');
    expectRejected(doc, () => updateDeal(doc, { dealId: round, patch: { partOf: amazon } }, ADA), 'invalid', 'partOf');
    expectRejected(doc, () => setPartOf(doc, { dealId: softbank, partOf: '' }, ADA), 'invalid', 'patch.partOf');
  });

  it('creates a deal as part of a round, with the same rules', () => {
    const { doc, columns, make } = board();
    const round = make('OpenAI round', 100e9);
    const part = make('NVIDIA tranche', null, columns.talks, { partOf: round });
    expect(deal(doc, part).partOf).toBe(round);
    expectRejected(doc, () => createDeal(doc, { columnId: columns.talks, title: 'x', partOf: part }, ADA), 'invalid', 'partOf');
    expectRejected(doc, () => createDeal(doc, { columnId: columns.talks, title: 'x', partOf: 'gone' }, ADA), 'not_found', 'partOf');
  });
});

describe('totals count a round once', () => {
  it('a column sums the round and leaves out its parts, but counts every deal', () => {
    const { doc, columns, make } = board();
    const round = make('OpenAI round', 100e9);
    make('Amazon → OpenAI', 50e9, columns.talks, { partOf: round });
    make('SoftBank → OpenAI', 30e9, columns.talks, { partOf: round, probability: 50 });
    make('Mistral', 2e9);
    const totals = laneTotals(laneOf(doc, columns.talks), 'USD');
    expect(totals.count).toBe(4);
    expect(totals.sum).toBe(102e9);
    // 100e9 at the stage's probability + 2e9 at the same; the parts weigh nothing.
    const p = laneOf(doc, columns.talks).column!.probability ?? 0;
    expect(totals.weighted).toBeCloseTo(((100e9 + 2e9) * p) / 100, 0);
  });

  it('a part in another column counts there, but once in a total over both columns', () => {
    const { doc, columns, make } = board();
    const round = make('OpenAI round', 100e9, columns.talks);
    make('Amazon → OpenAI', 50e9, columns.agreed, { partOf: round });
    expect(laneTotals(laneOf(doc, columns.talks), 'USD').sum).toBe(100e9);
    expect(laneTotals(laneOf(doc, columns.agreed), 'USD').sum).toBe(50e9);
    const both = sumLaneTotals([laneOf(doc, columns.talks), laneOf(doc, columns.agreed)], 'USD');
    expect(both).toMatchObject({ count: 2, sum: 100e9 });
    const f = forecast(selectLanes(doc), 'USD', NOW);
    expect(f.total.sum).toBe(100e9);
    expect(f.cells.reduce((n, c) => n + c.totals.sum, 0)).toBe(100e9);
    expect(pipelineTotals(doc)).toMatchObject({ count: 2, sum: 100e9 });
  });

  it('a part in another currency adds nothing to that currency while its round is counted; its count stays', () => {
    const { doc, columns, make } = board();
    const round = make('Round', 100e9);
    make('Euro tranche', 10e9, columns.talks, { partOf: round, currency: 'EUR' });
    const totals = laneTotals(laneOf(doc, columns.talks), 'USD');
    expect(totals).toMatchObject({ count: 2, sum: 100e9, otherCurrencies: { EUR: { count: 1, sum: 0 } } });
  });

  it('a part counts on its own when its round is archived, filtered out, deleted or of unknown amount', () => {
    const { doc, columns, make } = board();
    const round = make('OpenAI round', 100e9);
    const amazon = make('Amazon → OpenAI', 50e9, columns.talks, { partOf: round });
    const filtered = selectLanes(doc, { text: 'amazon' }).find((l) => l.column?.id === columns.talks)!;
    expect(laneTotals(filtered, 'USD').sum).toBe(50e9);
    value(updateDeal(doc, { dealId: round, patch: { amount: null } }, ADA));
    expect(laneTotals(laneOf(doc, columns.talks), 'USD').sum).toBe(50e9);
    value(deleteDeal(doc, { dealId: round }, ADA));
    expect(laneTotals(laneOf(doc, columns.talks), 'USD').sum).toBe(50e9);
    expect(deal(doc, amazon).partOf).toBe(round);
  });

  it('a link that breaks the rules (written by another client, or by concurrent edits) holds nothing', () => {
    const { doc, columns, make } = board();
    const a = make('A', 10e9);
    const b = make('B', 20e9);
    // Concurrently: A becomes part of B while B becomes part of A.
    doc.transact(() => {
      dealsMap(doc).get(a)!.set('partOf', b);
      dealsMap(doc).get(b)!.set('partOf', a);
    });
    expect(laneTotals(laneOf(doc, columns.talks), 'USD').sum).toBe(30e9);
    expect(selectRounds(doc).roundOf.size).toBe(0);
    doc.transact(() => dealsMap(doc).get(a)!.set('partOf', a));
    doc.transact(() => dealsMap(doc).get(b)!.set('partOf', null));
    expect(laneTotals(laneOf(doc, columns.talks), 'USD').sum).toBe(30e9);
  });

  it('the history waterfall follows: start + steps = end when a part is linked', () => {
    const { doc, make } = board();
    const round = make('OpenAI round', 100e9);
    const amazon = make('Amazon → OpenAI', 50e9);
    const before = Y.encodeStateAsUpdate(doc);
    const start = new Y.Doc();
    Y.applyUpdate(start, before);
    value(setPartOf(doc, { dealId: amazon, partOf: round }, ADA));
    expect(pipelineTotals(start).sum).toBe(150e9);
    expect(pipelineTotals(doc).sum).toBe(100e9);
    const steps = waterfallOf(boardState(start), boardState(doc));
    expect(steps.reduce((n, s) => n + s.value, 0)).toBe(-50e9);
  });
});

describe('selectRounds', () => {
  it('lists each round’s live parts by title, and keeps the list while they are unchanged', () => {
    const { doc, columns, make } = board();
    const round = make('OpenAI round', 100e9);
    const softbank = make('SoftBank → OpenAI', 30e9, columns.talks, { partOf: round });
    const amazon = make('Amazon → OpenAI', 50e9, columns.agreed, { partOf: round });
    const first = selectRounds(doc);
    expect(first.partsOf.get(round)?.map((d) => d.id)).toEqual([amazon, softbank]);
    expect(first.roundOf.get(amazon)?.id).toBe(round);
    make('Other', 1);
    expect(selectRounds(doc).partsOf.get(round)).toBe(first.partsOf.get(round));
  });
});

describe('the demo board', () => {
  it('counts the OpenAI round once: In talks is $100B (not $180B), the board $108B', () => {
    const doc = new Y.Doc();
    value(buildDemoBoard(doc));
    const lanes = selectLanes(doc);
    const { currency } = readBoardInfo(doc);
    const talks = lanes.find((l) => l.column?.name === 'In talks')!;
    // Round up to $100B; Amazon up to $50B, SoftBank $30B, NVIDIA and Microsoft unknown: all parts of it.
    expect(laneTotals(talks, currency)).toMatchObject({ count: 5, sum: 100e9 });
    // Closed: Amazon → Anthropic ~$8B and Meta/Manus (no amount).
    expect(sumLaneTotals(lanes, currency)).toMatchObject({ count: 7, sum: 108e9 });
    const round = talks.deals.find((d) => d.title.startsWith('OpenAI funding round'))!;
    expect(
      selectRounds(doc)
        .partsOf.get(round.id)
        ?.map((d) => d.acquirer),
    ).toEqual(['Amazon', 'Microsoft', 'NVIDIA', 'SoftBank']);
  });
});
