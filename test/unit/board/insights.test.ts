/**
 * The Insights numbers from the shared lanes: the forecast's totals equal the board's column
 * totals for the same deals; won by month, time in stage, win rate; and bulk edits as one
 * transaction (one undo step).
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  NO_CLOSE_DATE,
  bulkEdit,
  createDeal,
  dealsMap,
  boardMap,
  columnsMap,
  forecast,
  funnel,
  stageEntries,
  laneTotals,
  quantile,
  selectLanes,
  slowestOpenDeals,
  sumLaneTotals,
  timeInStage,
  winRate,
  wonByMonth,
} from '../../../shared/src/board';
import { ADA, NOW, pipelineBoard, value } from './util';

const DAY = 86_400_000;

function board() {
  const { doc, columns } = pipelineBoard();
  const add = (
    columnId: string,
    title: string,
    amount: number | null,
    expectedClose: string | null,
    extra: { currency?: string; probability?: number } = {},
    daysAgo = 0,
  ) => value(createDeal(doc, { columnId, title, amount, expectedClose, ...extra }, ADA, { now: new Date(NOW.getTime() - daysAgo * DAY) })).dealId;
  add(columns.rumoured, 'A', 10e9, '2026-03-15', {}, 40);
  add(columns.rumoured, 'B', 5e9, null, {}, 2);
  add(columns.talks, 'C', 20e9, '2026-03-01', { probability: 50 }, 10);
  add(columns.agreed, 'D', 8e9, '2026-05-31', {}, 100);
  add(columns.agreed, 'E', 3e9, '2026-05-01', { currency: 'EUR' }, 5);
  add(columns.closed, 'W1', 7e9, null, {}, 20);
  add(columns.closed, 'W2', 1e9, null, { currency: 'EUR' }, 50);
  add(columns.abandoned, 'L1', 2e9, null);
  return { doc, columns };
}

describe('insights', () => {
  it('the forecast’s totals equal the open columns’ totals on the board', () => {
    const { doc } = board();
    const lanes = selectLanes(doc);
    const f = forecast(lanes, 'USD', NOW);
    const open = lanes.filter((l) => l.column?.kind === 'open');
    const columnTotals = open.map((l) => laneTotals(l, 'USD', NOW));
    expect(f.total.count).toBe(columnTotals.reduce((n, t) => n + t.count, 0));
    expect(f.total.sum).toBe(columnTotals.reduce((n, t) => n + t.sum, 0));
    expect(f.total.weighted).toBeCloseTo(
      columnTotals.reduce((n, t) => n + t.weighted, 0),
      3,
    );
    expect(f.total.otherCurrencies).toEqual({ EUR: { count: 1, sum: 3e9, weighted: 3e9 * 0.6 } });
    // Each month's stack adds up to the same total.
    const months = Object.values(f.byMonth);
    expect(months.reduce((n, t) => n + t.sum, 0)).toBe(f.total.sum);
    expect(months.reduce((n, t) => n + t.weighted, 0)).toBeCloseTo(f.total.weighted, 3);
    expect(f.months).toEqual(['2026-03', '2026-05', NO_CLOSE_DATE]);
    expect(f.byMonth['2026-03']).toMatchObject({ count: 2, sum: 30e9, weighted: 10e9 * 0.1 + 20e9 * 0.5 });
    expect(f.byMonth[NO_CLOSE_DATE]).toMatchObject({ count: 1, sum: 5e9 });
  });

  it('won value by the month it was won; win rate and average won value', () => {
    const { doc } = board();
    const lanes = selectLanes(doc);
    const won = wonByMonth(lanes, 'USD', NOW);
    expect(won.total).toMatchObject({ count: 2, sum: 7e9 });
    expect(won.months).toEqual(['2025-12', '2026-01']);
    expect(won.byMonth['2026-01']).toMatchObject({ sum: 7e9 });
    expect(winRate(lanes, 'USD', NOW)).toEqual({ won: 2, lost: 1, rate: 2 / 3, averageWon: 7e9 });
  });

  it('time in stage: median and p90 per open stage, slowest open deals first', () => {
    const { doc } = board();
    const lanes = selectLanes(doc);
    const rumoured = timeInStage(lanes, NOW)[0];
    expect(rumoured).toMatchObject({ count: 2, medianDays: 2, p90Days: 40 });
    expect(slowestOpenDeals(lanes, 2, NOW).map((s) => [s.deal.title, s.days])).toEqual([
      ['D', 100],
      ['A', 40],
    ]);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});

describe('bulkEdit', () => {
  it('moves many deals in one transaction, one undo step; deals already there stay put', () => {
    const { doc, columns } = board();
    const ids = selectLanes(doc).flatMap((l) => l.deals.filter((d) => ['A', 'C', 'D'].includes(d.title)).map((d) => d.id));
    const undo = new Y.UndoManager([boardMap(doc), columnsMap(doc), dealsMap(doc)], { trackedOrigins: new Set([ADA]) });
    undo.stopCapturing();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const before = sumLaneTotals(selectLanes(doc), 'USD', NOW);
    const outcome = value(bulkEdit(doc, ids, { type: 'move', columnId: columns.agreed }, ADA));
    expect(outcome).toEqual({ changed: 2, refused: 0, firstError: null });
    expect(transactions).toBe(1);
    expect(
      selectLanes(doc)
        .find((l) => l.column?.id === columns.agreed)
        ?.deals.map((d) => d.title),
    ).toEqual(['D', 'E', 'A', 'C']);
    expect(sumLaneTotals(selectLanes(doc), 'USD', NOW).sum).toBe(before.sum);
    undo.undo();
    expect(
      selectLanes(doc)
        .find((l) => l.column?.id === columns.agreed)
        ?.deals.map((d) => d.title),
    ).toEqual(['D', 'E']);
    expect(undo.undoStack).toHaveLength(0);
  });

  it('adds and removes a tag, sets the owner, archives; a refused deal is counted, not thrown', () => {
    const { doc } = board();
    const ids = selectLanes(doc)[0]?.deals.map((d) => d.id) ?? [];
    expect(value(bulkEdit(doc, ids, { type: 'addTag', tag: 'ai' }, ADA)).changed).toBe(2);
    expect(value(bulkEdit(doc, ids, { type: 'addTag', tag: 'ai' }, ADA)).changed).toBe(0);
    expect(value(bulkEdit(doc, ids, { type: 'owner', ownerId: 'u-bob' }, ADA)).changed).toBe(2);
    expect(selectLanes(doc)[0]?.deals.map((d) => [d.tags, d.ownerId])).toEqual([
      [['ai'], 'u-bob'],
      [['ai'], 'u-bob'],
    ]);
    expect(value(bulkEdit(doc, ids, { type: 'removeTag', tag: 'ai' }, ADA)).changed).toBe(2);
    expect(value(bulkEdit(doc, [...ids, 'missing'], { type: 'archive' }, ADA))).toEqual({ changed: 2, refused: 1, firstError: 'no such deal' });
    expect(selectLanes(doc)[0]?.deals).toEqual([]);
  });
});

describe('funnel', () => {
  it('counts deals entering each stage in the period and what they did next', () => {
    const { doc, columns } = pipelineBoard();
    const cols = selectLanes(doc).flatMap((l) => (l.column ? [l.column] : []));
    const ev = (type: 'deal.created' | 'deal.moved', dealId: string, at: string, columnId: string) => ({
      type,
      dealId,
      at,
      data: type === 'deal.created' ? { columnId } : { from: 'x', to: columnId },
    });
    const entries = stageEntries([
      ev('deal.moved', 'd1', '2026-01-10T00:00:00Z', columns.agreed),
      ev('deal.created', 'd1', '2026-01-01T00:00:00Z', columns.rumoured),
      ev('deal.moved', 'd1', '2026-01-20T00:00:00Z', columns.closed),
      ev('deal.created', 'd2', '2026-01-02T00:00:00Z', columns.rumoured),
      ev('deal.moved', 'd2', '2026-01-05T00:00:00Z', columns.abandoned),
      ev('deal.created', 'd3', '2025-06-01T00:00:00Z', columns.rumoured),
    ]);
    expect(entries.map((e) => e.dealId)).toEqual(['d3', 'd1', 'd2', 'd2', 'd1', 'd1']);
    const all = funnel(entries, cols);
    expect(all.map((s) => [s.column.name, s.entered, s.wentOn, s.won, s.lost])).toEqual([
      ['Rumoured', 3, 2, 1, 1],
      ['In talks', 0, 0, 0, 0],
      ['Agreed', 1, 1, 1, 0],
      ['Regulatory review', 0, 0, 0, 0],
      ['Closed', 1, 0, 0, 0],
      ['Abandoned', 1, 0, 0, 0],
    ]);
    expect(funnel(entries, cols, '2026-01-01T00:00:00Z')[0]?.entered).toBe(2);
  });
});
