/**
 * What a view of the board filters deals by (the board's toolbar, a table, an export).
 * Empty values mean "any". Shared so that every reader filters alike and so that the lane
 * cache (selectors.ts) can key its results by the filter.
 */
import type { Deal, DealKind } from './schema';

export interface DealFilter {
  /** Case-insensitive substring of the title, parties or tags. */
  text: string;
  ownerId: string | null;
  tag: string | null;
  kind: DealKind | null;
  includeArchived: boolean;
}

export const EMPTY_FILTER: DealFilter = Object.freeze({ text: '', ownerId: null, tag: null, kind: null, includeArchived: false });

/** Fills in "any" for what `partial` leaves out. */
export function toFilter(partial: Partial<DealFilter> = {}): DealFilter {
  return { ...EMPTY_FILTER, ...partial };
}

/** Equal for two filters that keep the same deals (the text is compared trimmed, lower case). */
export function filterKey(filter: DealFilter): string {
  return JSON.stringify([filter.text.trim().toLowerCase(), filter.ownerId, filter.tag, filter.kind, filter.includeArchived]);
}

/** Whether the filter narrows the deals beyond the archived rule (a "no matching deals" lane is then expected). */
export function narrowsDeals(filter: DealFilter): boolean {
  return filter.text.trim() !== '' || filter.ownerId !== null || filter.tag !== null || filter.kind !== null;
}

/**
 * Whether `deal` passes `filter`. `needle` is the filter's text, trimmed and lower-cased
 * once by the caller (this runs for every deal on every change).
 */
export function matchesFilter(deal: Deal, filter: DealFilter, needle: string = filter.text.trim().toLowerCase()): boolean {
  if (deal.archived && !filter.includeArchived) return false;
  if (filter.ownerId && deal.ownerId !== filter.ownerId) return false;
  if (filter.kind && deal.kind !== filter.kind) return false;
  if (filter.tag && !deal.tags.includes(filter.tag)) return false;
  if (needle) {
    const hay = `${deal.title}\n${deal.acquirer}\n${deal.target}\n${deal.tags.join(' ')}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}
