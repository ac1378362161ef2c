/**
 * Derived views for the UI and exports. Each is memoised per document version
 * (see cache.ts): called again with no change in between, a selector returns
 * the same object, which is what `useSyncExternalStore` needs; unchanged deals
 * keep their identity across changes, so memoised cards skip re-rendering.
 */
import type * as Y from 'yjs';
import { memo } from './cache';
import { compareByRank } from './rank';
import { getDealMap, isValid, readColumns, readDeals } from './readers';
import type { Column, Deal, InvalidRecord } from './schema';

export interface ColumnsView {
  /** Valid columns by (rank, id). */
  columns: Column[];
  /** Columns that failed validation, listed apart (never crash the board). */
  invalid: InvalidRecord[];
}

/** One column of cards. `column` is null for the orphan lane (deals whose column is gone). */
export interface Lane {
  column: Column | null;
  deals: Deal[];
  invalid: InvalidRecord[];
}

export interface Totals {
  count: number;
  sum: number;
  weighted: number;
}

/**
 * A lane's totals: `count` is every deal in the lane, whatever its currency; `sum` and
 * `weighted` are in the board currency. Other currencies are summed apart, never converted.
 */
export interface LaneTotals extends Totals {
  stale: number;
  otherCurrencies: Record<string, Totals>;
}

export interface LaneOptions {
  includeArchived?: boolean;
  /** Keep only matching deals (lanes stay, possibly empty). The result is then a fresh array per call. */
  filter?: (deal: Deal) => boolean;
}

const DAY_MS = 86_400_000;

/** Columns in board order, invalid ones apart. */
export function selectColumns(doc: Y.Doc): ColumnsView {
  return memo(doc, 'selectColumns', () => {
    const columns: Column[] = [];
    const invalid: InvalidRecord[] = [];
    for (const column of readColumns(doc)) {
      if (isValid(column)) columns.push(column);
      else invalid.push(column);
    }
    return { columns, invalid };
  });
}

function buildLanes(doc: Y.Doc, includeArchived: boolean): Lane[] {
  const { columns } = selectColumns(doc);
  const byColumn = new Map<string, Lane>();
  const lanes = columns.map((column) => {
    const lane: Lane = { column, deals: [], invalid: [] };
    byColumn.set(column.id, lane);
    return lane;
  });
  const orphans: Lane = { column: null, deals: [], invalid: [] };
  for (const deal of readDeals(doc)) {
    if (isValid(deal)) {
      if (deal.archived && !includeArchived) continue;
      (byColumn.get(deal.columnId) ?? orphans).deals.push(deal);
    } else {
      const columnId: unknown = getDealMap(doc, deal.id)?.get('columnId');
      const lane = typeof columnId === 'string' ? byColumn.get(columnId) : undefined;
      (lane ?? orphans).invalid.push(deal);
    }
  }
  if (orphans.deals.length > 0 || orphans.invalid.length > 0) lanes.push(orphans);
  for (const lane of lanes) {
    lane.deals.sort(compareByRank);
    lane.invalid.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return lanes;
}

/**
 * Deals grouped by column in board order, each lane by (rank, id). Deals whose
 * column no longer exists (or is invalid) go to one orphan lane at the end, so
 * nothing ever disappears; invalid deals are listed in their lane apart.
 */
export function selectLanes(doc: Y.Doc, options: LaneOptions = {}): Lane[] {
  const includeArchived = options.includeArchived ?? false;
  const lanes = memo(doc, includeArchived ? 'lanes:all' : 'lanes:active', () => buildLanes(doc, includeArchived));
  const { filter } = options;
  if (!filter) return lanes;
  return lanes.map((lane) => ({ ...lane, deals: lane.deals.filter(filter) }));
}

/** Whole days since the deal entered its current column (0 for a future or unreadable date). */
export function daysInStage(deal: Pick<Deal, 'stageEnteredAt'>, now: Date = new Date()): number {
  const elapsed = now.getTime() - Date.parse(deal.stageEnteredAt);
  return Number.isFinite(elapsed) && elapsed > 0 ? Math.floor(elapsed / DAY_MS) : 0;
}

/**
 * A live deal that has sat in an open column longer than the column's
 * `staleDays`. Closed (won/lost) columns and archived deals are never stale.
 */
export function isStale(deal: Deal, column: Column | null, now: Date = new Date()): boolean {
  if (deal.archived || !column || column.kind !== 'open' || column.staleDays === null) return false;
  const elapsed = now.getTime() - Date.parse(deal.stageEnteredAt);
  return Number.isFinite(elapsed) && elapsed > column.staleDays * DAY_MS;
}

/** The probability used for weighting: the deal's own, else its column's, else 0. */
export function effectiveProbability(deal: Deal, column: Column | null): number {
  return deal.probability ?? column?.probability ?? 0;
}

/**
 * Count of a lane's deals (all of them: a deal in another currency is still a deal in the
 * stage), sum and probability-weighted sum in the board currency (null amounts add 0), stale
 * count, and count and sums per other currency, kept apart because they are never converted.
 */
export function laneTotals(lane: Lane, boardCurrency: string, now: Date = new Date()): LaneTotals {
  const totals: LaneTotals = { count: lane.deals.length, sum: 0, weighted: 0, stale: 0, otherCurrencies: {} };
  for (const deal of lane.deals) {
    if (isStale(deal, lane.column, now)) totals.stale++;
    const other = deal.currency === boardCurrency ? null : (totals.otherCurrencies[deal.currency] ??= { count: 0, sum: 0, weighted: 0 });
    const bucket = other ?? totals;
    const amount = deal.amount ?? 0;
    if (other) other.count++;
    bucket.sum += amount;
    bucket.weighted += (amount * effectiveProbability(deal, lane.column)) / 100;
  }
  return totals;
}
