/** The "What changed" presets: since my last visit, last 7 days, last 30 days, this quarter. */
const DAY_MS = 86_400_000;
const VISIT_KEY = (boardId: string) => `tranche:lastVisit:${boardId}`;
const THIS_VISIT_KEY = (boardId: string) => `tranche:thisVisit:${boardId}`;

export type PresetKey = 'visit' | 'week' | 'month' | 'quarter';

export const PRESETS: Array<{ key: PresetKey; label: string }> = [
  { key: 'visit', label: 'Since my last visit' },
  { key: 'week', label: 'Last 7 days' },
  { key: 'month', label: 'Last 30 days' },
  { key: 'quarter', label: 'This quarter' },
];

/** The start of a preset's span, as an ISO time. */
export function presetFrom(key: PresetKey, boardId: string, now = new Date()): string {
  if (key === 'week') return new Date(now.getTime() - 7 * DAY_MS).toISOString();
  if (key === 'month') return new Date(now.getTime() - 30 * DAY_MS).toISOString();
  if (key === 'quarter') return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1)).toISOString();
  const seen = localStorage.getItem(VISIT_KEY(boardId));
  return seen && Number.isFinite(Date.parse(seen)) ? seen : new Date(now.getTime() - 7 * DAY_MS).toISOString();
}

/** Called when the board opens: the visit before this one becomes "my last visit". */
export function recordVisit(boardId: string, now = new Date()): void {
  const current = localStorage.getItem(THIS_VISIT_KEY(boardId));
  if (current) localStorage.setItem(VISIT_KEY(boardId), current);
  localStorage.setItem(THIS_VISIT_KEY(boardId), now.toISOString());
}
