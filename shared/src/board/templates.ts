/** Column sets a new board can start from. */
import type { ColumnKind } from './schema';

export const BOARD_TEMPLATES = ['pipeline', 'empty'] as const;
export type BoardTemplate = (typeof BOARD_TEMPLATES)[number];

export interface ColumnTemplate {
  name: string;
  kind: ColumnKind;
  probability: number | null;
  staleDays: number | null;
  color: string;
}

/** The default deal pipeline, from first rumour to close. */
export const PIPELINE_COLUMNS: readonly ColumnTemplate[] = Object.freeze([
  { name: 'Rumoured', kind: 'open', probability: 10, staleDays: 30, color: '#94a3b8' },
  { name: 'In talks', kind: 'open', probability: 25, staleDays: 21, color: '#6366f1' },
  { name: 'Agreed', kind: 'open', probability: 60, staleDays: 30, color: '#0ea5e9' },
  { name: 'Regulatory review', kind: 'open', probability: 85, staleDays: 60, color: '#f59e0b' },
  { name: 'Closed', kind: 'won', probability: 100, staleDays: null, color: '#10b981' },
  { name: 'Abandoned', kind: 'lost', probability: 0, staleDays: null, color: '#f43f5e' },
]);

export const TEMPLATES: Readonly<Record<BoardTemplate, readonly ColumnTemplate[]>> = Object.freeze({
  pipeline: PIPELINE_COLUMNS,
  empty: [],
});

/** Colours handed out to new columns that do not name one, in turn. */
export const COLUMN_PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#f43f5e', '#8b5cf6', '#14b8a6', '#94a3b8'] as const;
