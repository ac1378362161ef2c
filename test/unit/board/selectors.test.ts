import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  columnsMap,
  createDeal,
  daysInStage,
  dealsMap,
  deleteDeal,
  getDealMap,
  isStale,
  laneTotals,
  moveDeal,
  readBoardInfo,
  selectColumns,
  selectLanes,
  updateDeal,
  archiveDeal,
  type Column,
  type Deal,
} from '../../../shared/src/board';
import { ADA, NOW, laneTitles, pipelineBoard, seedDeals, value } from './util';

const DAY = 86_400_000;

describe('selectColumns', () => {
  it('valid columns in order, invalid ones apart; same object until a change', () => {
    const { doc } = pipelineBoard();
    columnsMap(doc).set('broken', new Y.Map());
    const view = selectColumns(doc);
    expect(view.columns).toHaveLength(6);
    expect(view.invalid).toEqual([expect.objectContaining({ id: 'broken', invalid: true })]);
    expect(selectColumns(doc)).toBe(view);
  });
});

describe('selectLanes', () => {
  it('orders deals by rank then id; archived deals only on request', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B', 'C']) as [string, string];
    getDealMap(doc, b)?.set('rank', 'a0'); // tie with A: id decides
    value(archiveDeal(doc, { dealId: a }, ADA));
    const talks = (archived: boolean) => selectLanes(doc, { includeArchived: archived })[1]?.deals.map((d) => d.title);
    expect(talks(false)).toEqual(['B', 'C']);
    expect(talks(true)).toEqual(a < b ? ['A', 'B', 'C'] : ['B', 'A', 'C']);
  });

  it('filters deals but keeps every lane', () => {
    const { doc, columns } = pipelineBoard();
    seedDeals(doc, columns.talks, ['Amazon', 'SoftBank']);
    const lanes = selectLanes(doc, { text: 'soft' });
    expect(lanes).toHaveLength(6);
    expect(lanes[1]?.deals.map((d) => d.title)).toEqual(['SoftBank']);
  });

  it('adds an orphan lane only when a deal has lost its column; nothing disappears', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    expect(selectLanes(doc).some((l) => l.column === null)).toBe(false);
    getDealMap(doc, a)?.set('columnId', 'gone');
    expect(laneTitles(doc)['(orphans)']).toEqual(['A']);
    expect(selectLanes(doc).at(-1)?.column).toBeNull();
    // A column that fails validation cannot hold deals either.
    const [b] = seedDeals(doc, columns.agreed, ['B']) as [string];
    columnsMap(doc).get(columns.agreed)?.set('name', '');
    expect(laneTitles(doc)['(orphans)']?.sort()).toEqual(['A', 'B']);
    value(moveDeal(doc, { dealId: b, toColumnId: columns.closed }, ADA));
    value(moveDeal(doc, { dealId: a, toColumnId: columns.closed }, ADA));
    expect(selectLanes(doc).some((l) => l.column === null)).toBe(false);
  });

  it('lists invalid deals in their lane (or with the orphans)', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B']) as [string, string];
    getDealMap(doc, a)?.set('amount', -1);
    getDealMap(doc, b)?.set('columnId', 'gone');
    getDealMap(doc, b)?.set('title', 7);
    dealsMap(doc).set('junk', 'x' as unknown as Y.Map<unknown>);
    const lanes = selectLanes(doc);
    expect(lanes[1]?.invalid.map((r) => r.id)).toEqual([a]);
    expect(lanes.at(-1)?.column).toBeNull();
    expect(
      lanes
        .at(-1)
        ?.invalid.map((r) => r.id)
        .sort(),
    ).toEqual([b, 'junk'].sort());
  });

  it('is memoised: same lanes until the doc changes, unchanged deals keep their identity', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B']) as [string, string];
    const first = selectLanes(doc);
    expect(selectLanes(doc)).toBe(first);
    value(updateDeal(doc, { dealId: a, patch: { title: 'A2' } }, ADA));
    const second = selectLanes(doc);
    expect(second).not.toBe(first);
    const find = (lanes: typeof first, id: string) => lanes[1]?.deals.find((d) => d.id === id);
    expect(find(second, b)).toBe(find(first, b));
    value(deleteDeal(doc, { dealId: b }, ADA));
    expect(selectLanes(doc)[1]?.deals.map((d) => d.title)).toEqual(['A2']);
  });
});

describe('daysInStage / isStale', () => {
  const column = (patch: Partial<Column>): Column => ({
    id: 'c',
    name: 'C',
    rank: 'a0',
    kind: 'open',
    probability: null,
    staleDays: 21,
    color: '#000000',
    ...patch,
  });
  const deal = (entered: Date, archived = false) => ({ stageEnteredAt: entered.toISOString(), archived }) as Deal;

  it('counts whole days, never negative', () => {
    expect(daysInStage(deal(new Date(NOW.getTime() - 3.5 * DAY)), NOW)).toBe(3);
    expect(daysInStage(deal(new Date(NOW.getTime() + DAY)), NOW)).toBe(0);
  });

  it('stale after more than staleDays in an open column', () => {
    expect(isStale(deal(new Date(NOW.getTime() - 21 * DAY)), column({}), NOW)).toBe(false);
    expect(isStale(deal(new Date(NOW.getTime() - 21 * DAY - 1)), column({}), NOW)).toBe(true);
    expect(isStale(deal(new Date(0)), column({ staleDays: null }), NOW)).toBe(false);
    expect(isStale(deal(new Date(0)), column({ kind: 'won' }), NOW)).toBe(false);
    expect(isStale(deal(new Date(0), true), column({}), NOW)).toBe(false);
    expect(isStale(deal(new Date(0)), null, NOW)).toBe(false);
  });
});

describe('laneTotals', () => {
  it('sums the board currency, weights by deal then column probability, keeps other currencies apart', () => {
    const { doc, columns } = pipelineBoard();
    const old = new Date(NOW.getTime() - 40 * DAY);
    const add = (fields: Partial<Parameters<typeof createDeal>[1]>, now = NOW) =>
      value(createDeal(doc, { columnId: columns.talks, title: 'x', ...fields }, ADA, { now }));
    add({ amount: 50e9 }); // column probability 25
    add({ amount: 30e9, probability: 50 });
    add({ amount: null }, old); // counts, adds 0, stale (21 days)
    add({ amount: 10, currency: 'EUR', probability: 10 });
    add({ amount: 20, currency: 'EUR' });
    const lane = selectLanes(doc)[1]!;
    expect(laneTotals(lane, readBoardInfo(doc).currency, NOW)).toEqual({
      count: 5,
      sum: 80e9,
      weighted: 50e9 * 0.25 + 30e9 * 0.5,
      stale: 1,
      otherCurrencies: { EUR: { count: 2, sum: 30, weighted: 1 + 5 } },
    });
  });

  it('counts every deal whatever its currency; only sums are per currency (issue 17.1)', () => {
    const { doc, columns } = pipelineBoard();
    const add = (columnId: string, currency: string) => value(createDeal(doc, { columnId, title: 'x', amount: 100, currency }, ADA, { now: NOW }));
    add(columns.agreed, 'USD');
    add(columns.agreed, 'EUR');
    add(columns.rumoured, 'CHF');
    const lanes = selectLanes(doc);
    const agreed = laneTotals(lanes[2]!, 'USD', NOW);
    expect(agreed).toMatchObject({ count: 2, sum: 100, otherCurrencies: { EUR: { count: 1, sum: 100 } } });
    const rumoured = laneTotals(lanes[0]!, 'USD', NOW);
    expect(rumoured).toMatchObject({ count: 1, sum: 0, weighted: 0, otherCurrencies: { CHF: { count: 1, sum: 100 } } });
  });

  it('orphans weigh by their own probability only', () => {
    const { doc, columns } = pipelineBoard();
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'x', amount: 100 }, ADA));
    const { dealId: other } = value(createDeal(doc, { columnId: columns.talks, title: 'y', amount: 100, probability: 50 }, ADA));
    getDealMap(doc, dealId)?.set('columnId', 'gone');
    getDealMap(doc, other)?.set('columnId', 'gone');
    const orphans = selectLanes(doc).at(-1)!;
    expect(laneTotals(orphans, 'USD', NOW)).toMatchObject({ count: 2, sum: 200, weighted: 50 });
  });
});

describe('cost with 2,000 deals', () => {
  it('a change re-reads only the deal it touched (what keeps selectLanes + laneTotals cheap)', () => {
    const { doc, columns } = pipelineBoard();
    const ids = Object.values(columns);
    const dealIds: string[] = [];
    doc.transact(() => {
      for (let i = 0; i < 2_000; i++) {
        const columnId = ids[i % ids.length] as string;
        dealIds.push(value(createDeal(doc, { columnId, title: `Deal ${i}`, amount: i * 1e6, tags: ['AI'] }, ADA)).dealId);
      }
    });
    const readDeals = () => new Map(selectLanes(doc).flatMap((l) => l.deals.map((d) => [d.id, d] as const)));
    const rounds = 100;
    const start = performance.now();
    for (let i = 0; i < rounds; i++) {
      const before = readDeals();
      value(updateDeal(doc, { dealId: dealIds[i] as string, patch: { amount: i + 0.5 } }, ADA));
      for (const lane of selectLanes(doc)) laneTotals(lane, 'USD', NOW);
      const after = readDeals();
      const reread = [...after].filter(([id, deal]) => before.get(id) !== deal).map(([id]) => id);
      expect(reread).toEqual([dealIds[i]]);
    }
    const perChange = (performance.now() - start) / rounds;
    expect(selectLanes(doc).reduce((n, l) => n + l.deals.length, 0)).toBe(2_000);
    // Figures, not gates (timing belongs to `npm run bench`).
    console.log(`selectLanes + laneTotals after one change, 2,000 deals: ${perChange.toFixed(2)} ms (with the identity checks)`);

    // Cold start: a replica that just received the whole board parses every deal once.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const cold = performance.now();
    expect(selectLanes(replica).reduce((n, l) => n + l.deals.length, 0)).toBe(2_000);
    const coldMs = performance.now() - cold;
    console.log(`first selectLanes on a fresh replica, 2,000 deals: ${coldMs.toFixed(1)} ms`);
  });
});
