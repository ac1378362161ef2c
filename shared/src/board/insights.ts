/**
 * The numbers behind the Insights charts, from the same lanes and the same `laneTotals` as the
 * board's column headers: the forecast splits each open lane by expected-close month and totals
 * each piece with `laneTotals`, so its grand total is the open columns' totals added up (a
 * round's money once: its parts add nothing wherever they are in the open pipeline).
 * Other currencies are kept apart, never converted.
 */
import { daysInStage, dealsById, laneTotals, type Lane, type LaneTotals } from './selectors';
import { sumLaneTotals } from './totals';
import type { Column, Deal } from './schema';

/** The month key for deals without an expected close date. */
export const NO_CLOSE_DATE = 'none';

export interface ForecastCell {
  month: string;
  column: Column;
  totals: LaneTotals;
}

export interface Forecast {
  /** Months (YYYY-MM) in order, then NO_CLOSE_DATE if any deal has none. */
  months: string[];
  /** The open stages, in board order. */
  stages: Column[];
  /** Totals per month and stage (only the pairs that hold deals). */
  cells: ForecastCell[];
  /** Per month, all open stages together. */
  byMonth: Record<string, LaneTotals>;
  /** All open deals: equal to the open columns' laneTotals added up. */
  total: LaneTotals;
}

const monthOf = (iso: string | null): string => (iso && /^\d{4}-\d{2}/.test(iso) ? iso.slice(0, 7) : NO_CLOSE_DATE);

function splitLane(lane: Lane, keyOf: (deal: Deal) => string): Map<string, Lane> {
  const parts = new Map<string, Lane>();
  for (const deal of lane.deals) {
    const key = keyOf(deal);
    let part = parts.get(key);
    if (!part) {
      part = { key: `${lane.key}:${key}`, column: lane.column, deals: [], invalid: [] };
      parts.set(key, part);
    }
    part.deals.push(deal);
  }
  return parts;
}

const sortMonths = (months: Iterable<string>) => [...months].sort((a, b) => (a === NO_CLOSE_DATE ? 1 : b === NO_CLOSE_DATE ? -1 : a < b ? -1 : a > b ? 1 : 0));

/**
 * Open pipeline by expected-close month, stacked by stage (`lanes` as from selectLanes).
 * @example forecast(selectLanes(doc), readBoardInfo(doc).currency).total.weighted
 */
export function forecast(lanes: readonly Lane[], boardCurrency: string, now: Date = new Date()): Forecast {
  const open = lanes.filter((lane): lane is Lane & { column: Column } => lane.column?.kind === 'open');
  const cells: ForecastCell[] = [];
  const parts = new Map<string, Lane[]>();
  // Rounds are looked up in the whole open pipeline, so the cells add up to the total.
  const scope = dealsById(open);
  for (const lane of open) {
    for (const [month, part] of splitLane(lane, (deal) => monthOf(deal.expectedClose))) {
      cells.push({ month, column: lane.column, totals: laneTotals(part, boardCurrency, now, scope) });
      parts.set(month, [...(parts.get(month) ?? []), part]);
    }
  }
  const byMonth: Record<string, LaneTotals> = {};
  for (const [month, list] of parts) byMonth[month] = sumLaneTotals(list, boardCurrency, now, scope);
  return { months: sortMonths(Object.keys(byMonth)), stages: open.map((l) => l.column), cells, byMonth, total: sumLaneTotals(open, boardCurrency, now, scope) };
}

export interface WonByMonth {
  months: string[];
  /** Won value per month the deal entered its won stage. */
  byMonth: Record<string, LaneTotals>;
  total: LaneTotals;
}

/** Won deals' value by the month they were won (entered a won stage). */
export function wonByMonth(lanes: readonly Lane[], boardCurrency: string, now: Date = new Date()): WonByMonth {
  const won = lanes.filter((lane) => lane.column?.kind === 'won');
  const parts = new Map<string, Lane[]>();
  for (const lane of won) {
    for (const [month, part] of splitLane(lane, (deal) => monthOf(deal.stageEnteredAt))) parts.set(month, [...(parts.get(month) ?? []), part]);
  }
  const byMonth: Record<string, LaneTotals> = {};
  const scope = dealsById(won);
  for (const [month, list] of parts) byMonth[month] = sumLaneTotals(list, boardCurrency, now, scope);
  return { months: sortMonths(parts.keys()), byMonth, total: sumLaneTotals(won, boardCurrency, now, scope) };
}

export interface StageTime {
  column: Column;
  count: number;
  medianDays: number;
  p90Days: number;
}

/** The value at quantile q (0..1) of sorted numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** How long the deals now in each open stage have been there: median and p90 days. */
export function timeInStage(lanes: readonly Lane[], now: Date = new Date()): StageTime[] {
  return lanes
    .filter((lane): lane is Lane & { column: Column } => lane.column?.kind === 'open')
    .map((lane) => {
      const days = lane.deals.map((deal) => daysInStage(deal, now)).sort((a, b) => a - b);
      return { column: lane.column, count: days.length, medianDays: quantile(days, 0.5), p90Days: quantile(days, 0.9) };
    });
}

/** The open deals that have sat longest in their stage. */
export function slowestOpenDeals(lanes: readonly Lane[], limit = 10, now: Date = new Date()): Array<{ deal: Deal; column: Column; days: number }> {
  return lanes
    .flatMap((lane) => (lane.column?.kind === 'open' ? lane.deals.map((deal) => ({ deal, column: lane.column as Column, days: daysInStage(deal, now) })) : []))
    .sort((a, b) => b.days - a.days || a.deal.title.localeCompare(b.deal.title))
    .slice(0, limit);
}

export interface WinRate {
  won: number;
  lost: number;
  /** won / (won + lost), or null with no closed deals. */
  rate: number | null;
  /** Average won amount in the board currency (deals in other currencies left out). */
  averageWon: number | null;
}

/** Win rate over the deals in won and lost stages, and the average won value. */
export function winRate(lanes: readonly Lane[], boardCurrency: string, now: Date = new Date()): WinRate {
  const won = sumLaneTotals(
    lanes.filter((l) => l.column?.kind === 'won'),
    boardCurrency,
    now,
  );
  const lost = sumLaneTotals(
    lanes.filter((l) => l.column?.kind === 'lost'),
    boardCurrency,
    now,
  );
  const wonInBoardCurrency = won.count - Object.values(won.otherCurrencies).reduce((n, t) => n + t.count, 0);
  return {
    won: won.count,
    lost: lost.count,
    rate: won.count + lost.count === 0 ? null : won.count / (won.count + lost.count),
    averageWon: wonInBoardCurrency === 0 ? null : won.sum / wonInBoardCurrency,
  };
}
