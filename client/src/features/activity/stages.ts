/**
 * A deal's stage history from its activity: `deal.created` opens the first stage, each
 * `deal.moved` closes one and opens the next. The current stage starts at the deal's own
 * `stageEnteredAt` (the document's word, which also covers moves made before activity was kept).
 *
 * @example
 * stageHistory(events, deal, columns, now)
 * // [{name: 'Rumoured', start: '…', end: '…', ms: 172800000, current: false}, {name: 'In talks', …, current: true}]
 */
import type { ActivityEvent } from '../../../../shared/src/events';
import type { Column, Deal } from '../../model';

export interface StageSpan {
  columnId: string;
  /** The column's current name when it still exists, else its name at the time. */
  name: string;
  color: string | null;
  /** ISO start; null when the deal entered it before its history begins. */
  start: string | null;
  /** ISO end; null while the deal is still there. */
  end: string | null;
  /** Time spent; null when the start is unknown. */
  ms: number | null;
  current: boolean;
  /** Who moved the deal into this stage (null: unknown, or it was created here). */
  movedBy: string | null;
  outcome: 'won' | 'lost' | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function stageHistory(
  events: readonly ActivityEvent[],
  deal: Pick<Deal, 'columnId' | 'stageEnteredAt' | 'createdAt'>,
  columns: readonly Column[],
  now = Date.now(),
): StageSpan[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const chrono = events.filter((e) => e.type === 'deal.created' || e.type === 'deal.moved').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const spans: StageSpan[] = [];
  const open = (columnId: string, fallbackName: string | null, start: string | null, movedBy: string | null) => {
    const column = byId.get(columnId);
    spans.push({
      columnId,
      name: column?.name ?? fallbackName ?? 'A deleted stage',
      color: column?.color ?? null,
      start,
      end: null,
      ms: null,
      current: false,
      movedBy,
      outcome: column?.kind === 'won' || column?.kind === 'lost' ? column.kind : null,
    });
  };
  for (const e of chrono) {
    if (e.type === 'deal.created') {
      // The deal's own createdAt is the document's word (imports and the demo backdate it).
      if (spans.length === 0) open(str(e.data.columnId) ?? '', str(e.data.columnName), deal.createdAt || e.at, null);
      continue;
    }
    const from = str(e.data.from) ?? '';
    const last = spans[spans.length - 1];
    if (last) last.end = e.at;
    // History begins with a move: the stage it left started before what we know.
    else spans.push({ ...placeholder(from, str(e.data.fromName), byId), end: e.at });
    open(str(e.data.to) ?? '', str(e.data.toName), e.at, e.actor.name);
  }
  const last = spans[spans.length - 1];
  if (!last || last.columnId !== deal.columnId) {
    // The document knows a move the history does not (yet): trust the document for where it is now.
    if (last && !last.end) last.end = deal.stageEnteredAt;
    open(deal.columnId, null, deal.stageEnteredAt, null);
  } else {
    // The current stage: the document's entry time is the authority.
    last.start = deal.stageEnteredAt || last.start;
  }
  const current = spans[spans.length - 1];
  if (current) current.current = true;
  for (const s of spans) {
    const start = s.start ? Date.parse(s.start) : NaN;
    const end = s.end ? Date.parse(s.end) : now;
    s.ms = Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
  }
  return spans;
}

function placeholder(columnId: string, name: string | null, byId: Map<string, Column>): StageSpan {
  const column = byId.get(columnId);
  return {
    columnId,
    name: column?.name ?? name ?? 'A deleted stage',
    color: column?.color ?? null,
    start: null,
    end: null,
    ms: null,
    current: false,
    movedBy: null,
    outcome: column?.kind === 'won' || column?.kind === 'lost' ? column.kind : null,
  };
}
