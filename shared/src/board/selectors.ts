/**
 * Derived views for the UI, the server's exports and anything else that reads deals: one
 * path and one cache. Each is memoised per document version (see cache.ts): called again
 * with no change in between, a selector returns the same object, which is what
 * `useSyncExternalStore` needs. Across changes, unchanged deals, lanes and lists keep their
 * identity (see reuse.ts), so memoised cards and lanes skip re-rendering.
 */
import type * as Y from 'yjs';
import { memo } from './cache';
import { filterKey, matchesFilter, toFilter, type DealFilter } from './filter';
import { compareByRank } from './rank';
import { insideRound } from './parts';
import { getDealMap, isValid, readColumns, readDeals } from './readers';
import { reuseList, sameItems } from './reuse';
import type { Column, Deal, InvalidRecord } from './schema';

export interface ColumnsView {
  /** Valid columns by (rank, id). */
  columns: Column[];
  /** Columns that failed validation, listed apart (never crash the board). */
  invalid: InvalidRecord[];
}

/** Every deal of the board, parsed. */
export interface DealsView {
  /** Valid deals, archived ones included, in no particular order. */
  deals: Deal[];
  /** Deals that failed validation. */
  invalid: InvalidRecord[];
}

/** One column of cards. `column` is null for the orphan lane (deals whose column is gone). */
export interface Lane {
  /** Stable key for the lane: its column id, or `orphans`. */
  key: string;
  column: Column | null;
  deals: Deal[];
  /** Deals in this lane that failed validation: shown as such, left out of totals. */
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

/** Which deals the lanes hold: a DealFilter, any part left out meaning "any" (archived: left out). */
export type LaneOptions = Partial<DealFilter>;

export const ORPHAN_LANE_KEY = 'orphans';

const DAY_MS = 86_400_000;

/** Columns in board order, invalid ones apart. */
export function selectColumns(doc: Y.Doc): ColumnsView {
  return memo<ColumnsView>(doc, 'selectColumns', (previous) => {
    const columns: Column[] = [];
    const invalid: InvalidRecord[] = [];
    for (const column of readColumns(doc)) {
      if (isValid(column)) columns.push(column);
      else invalid.push(column);
    }
    const view = { columns: reuseList(previous?.columns, columns), invalid: reuseList(previous?.invalid, invalid) };
    return previous && previous.columns === view.columns && previous.invalid === view.invalid ? previous : view;
  });
}

/** Every deal, valid ones apart from invalid ones; the same lists while their deals are unchanged. */
export function selectDeals(doc: Y.Doc): DealsView {
  return memo<DealsView>(doc, 'selectDeals', (previous) => {
    const deals: Deal[] = [];
    const invalid: InvalidRecord[] = [];
    for (const deal of readDeals(doc)) {
      if (isValid(deal)) deals.push(deal);
      else invalid.push(deal);
    }
    const view = { deals: reuseList(previous?.deals, deals), invalid: reuseList(previous?.invalid, invalid) };
    return previous && previous.deals === view.deals && previous.invalid === view.invalid ? previous : view;
  });
}

/** Every tag on a valid deal (archived ones included), sorted, each once. */
export function selectTags(doc: Y.Doc): string[] {
  return memo<string[]>(doc, 'selectTags', (previous) => {
    const tags = new Set<string>();
    for (const deal of selectDeals(doc).deals) for (const tag of deal.tags) tags.add(tag);
    return reuseList(
      previous,
      [...tags].sort((a, b) => a.localeCompare(b)),
    );
  });
}

/** The last lanes computed for each document under any filter: what a new filter's lanes reuse. */
const lastLanes = new WeakMap<Y.Doc, Lane[]>();

function buildLanes(doc: Y.Doc, filter: DealFilter, previous: Lane[] | undefined): Lane[] {
  const { columns } = selectColumns(doc);
  const needle = filter.text.trim().toLowerCase();
  const byColumn = new Map<string, Lane>();
  const lanes = columns.map((column) => {
    const lane: Lane = { key: column.id, column, deals: [], invalid: [] };
    byColumn.set(column.id, lane);
    return lane;
  });
  const orphans: Lane = { key: ORPHAN_LANE_KEY, column: null, deals: [], invalid: [] };
  const { deals, invalid } = selectDeals(doc);
  for (const deal of deals) {
    if (matchesFilter(deal, filter, needle)) (byColumn.get(deal.columnId) ?? orphans).deals.push(deal);
  }
  for (const record of invalid) {
    const columnId: unknown = getDealMap(doc, record.id)?.get('columnId');
    const lane = typeof columnId === 'string' ? byColumn.get(columnId) : undefined;
    (lane ?? orphans).invalid.push(record);
  }
  if (orphans.deals.length > 0 || orphans.invalid.length > 0) lanes.push(orphans);
  const before = new Map((previous ?? lastLanes.get(doc) ?? []).map((lane) => [lane.key, lane]));
  const out = lanes.map((lane) => {
    lane.deals.sort(compareByRank);
    lane.invalid.sort((a, b) => (a.id < b.id ? -1 : 1));
    const old = before.get(lane.key);
    return old && old.column === lane.column && sameItems(old.deals, lane.deals) && sameItems(old.invalid, lane.invalid) ? old : lane;
  });
  const result = reuseList(previous, out);
  lastLanes.set(doc, result);
  return result;
}

/**
 * Deals grouped by column in board order, each lane by (rank, id), keeping the deals that
 * pass the filter (archived ones only with `includeArchived`; lanes stay, possibly empty).
 * Deals whose column no longer exists (or is invalid) go to one orphan lane at the end, so
 * nothing ever disappears; invalid deals are listed in their lane apart. Memoised per
 * filter; an unchanged lane (same column, same deals) keeps its identity across changes.
 * @example selectLanes(doc, { text: 'openai', includeArchived: true })
 */
export function selectLanes(doc: Y.Doc, options: LaneOptions = {}): Lane[] {
  const filter = toFilter(options);
  return memo<Lane[]>(doc, `lanes:${filterKey(filter)}`, (previous) => buildLanes(doc, filter, previous));
}

/** A lane's live (not archived) deals, their totals, and how many are parts counted inside their round. */
export interface LaneSummary {
  live: Lane;
  totals: LaneTotals;
  insideRounds: number;
}

/**
 * What a stage's header shows: the totals of its live deals (an archived one shown by the
 * filter counts nowhere), rounds looked up among them. The board's lanes and the server's
 * first-paint preview (preview.ts) both read it, so their numbers are the same.
 */
export function laneSummary(lane: Lane, boardCurrency: string, now?: Date): LaneSummary {
  const live = { ...lane, deals: lane.deals.filter((d) => !d.archived) };
  const scope = dealsById([live]);
  return {
    live,
    totals: laneTotals(live, boardCurrency, now, scope),
    insideRounds: live.deals.filter((d) => insideRound(d, scope)).length,
  };
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

/** The deals of some lanes by id: the scope a total's rounds are looked up in. */
export function dealsById(lanes: readonly Lane[]): Map<string, Deal> {
  const out = new Map<string, Deal>();
  for (const lane of lanes) for (const deal of lane.deals) out.set(deal.id, deal);
  return out;
}

/**
 * Count of a lane's deals (all of them: a deal in another currency is still a deal in the
 * stage), sum and probability-weighted sum in the board currency (null amounts add 0), stale
 * count, and count and sums per other currency, kept apart because they are never converted.
 * A round's money is counted once: a part whose round is in the same total (`scope`, by
 * default this lane's deals) adds nothing to the sums, in any currency, but is still counted
 * (see parts.ts). So a part counts in its own lane only when its round is elsewhere.
 */
export function laneTotals(lane: Lane, boardCurrency: string, now: Date = new Date(), scope: ReadonlyMap<string, Deal> = dealsById([lane])): LaneTotals {
  const totals: LaneTotals = { count: lane.deals.length, sum: 0, weighted: 0, stale: 0, otherCurrencies: {} };
  for (const deal of lane.deals) {
    if (isStale(deal, lane.column, now)) totals.stale++;
    const other = deal.currency === boardCurrency ? null : (totals.otherCurrencies[deal.currency] ??= { count: 0, sum: 0, weighted: 0 });
    const bucket = other ?? totals;
    const amount = insideRound(deal, scope) ? 0 : (deal.amount ?? 0);
    if (other) other.count++;
    bucket.sum += amount;
    bucket.weighted += (amount * effectiveProbability(deal, lane.column)) / 100;
  }
  return totals;
}
