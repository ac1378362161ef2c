/**
 * Conversion through the stages, from the kept history of stage changes (the activity log's
 * `deal.created` and `deal.moved` events): for each stage, how many deals entered it in the
 * period, and how many of those went on to a later stage, were won or were lost afterwards.
 * Deals added without an event per deal (a CSV import) count from their first move.
 */
import type { ActivityEvent } from '../events';

/** What the funnel reads of an activity event (tests and callers may pass just these). */
export type StageEvent = Pick<ActivityEvent, 'type' | 'at' | 'dealId'> & { data: unknown };
import type { Column } from './schema';

export interface StageEntry {
  dealId: string;
  columnId: string;
  at: string;
}

export interface FunnelStage {
  column: Column;
  entered: number;
  /** Of those, entered a later (higher ranked) stage afterwards, any kind. */
  wentOn: number;
  won: number;
  lost: number;
}

/** Each time a deal entered a column, oldest first. */
export function stageEntries(events: readonly StageEvent[]): StageEntry[] {
  const out: StageEntry[] = [];
  for (const e of events) {
    if (!e.dealId) continue;
    const data = (e.data ?? {}) as { columnId?: unknown; to?: unknown };
    const columnId = e.type === 'deal.created' ? data.columnId : e.type === 'deal.moved' ? data.to : undefined;
    if (typeof columnId === 'string') out.push({ dealId: e.dealId, columnId, at: e.at });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The funnel over `columns` (in board order) for entries at or after `since` (ISO; null: all).
 * @example funnel(stageEntries(events), selectColumns(doc).columns, '2026-01-01')
 */
export function funnel(entries: readonly StageEntry[], columns: readonly Column[], since: string | null = null): FunnelStage[] {
  const position = new Map(columns.map((c, i) => [c.id, i]));
  const kind = new Map(columns.map((c) => [c.id, c.kind]));
  const byDeal = new Map<string, StageEntry[]>();
  for (const entry of entries) byDeal.set(entry.dealId, [...(byDeal.get(entry.dealId) ?? []), entry]);
  return columns.map((column, index) => {
    const stage: FunnelStage = { column, entered: 0, wentOn: 0, won: 0, lost: 0 };
    for (const list of byDeal.values()) {
      const first = list.findIndex((e) => e.columnId === column.id && (since === null || e.at >= since));
      if (first < 0) continue;
      stage.entered++;
      const after = list.slice(first + 1);
      if (after.some((e) => (position.get(e.columnId) ?? -1) > index)) stage.wentOn++;
      if (column.kind === 'open' && after.some((e) => kind.get(e.columnId) === 'won')) stage.won++;
      if (column.kind === 'open' && after.some((e) => kind.get(e.columnId) === 'lost')) stage.lost++;
    }
    return stage;
  });
}
