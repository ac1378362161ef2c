/**
 * What GET /api/boards/:id/history/changes answers: per deal, what happened between two
 * moments, each change with who made it and when, and the pipeline totals at both ends.
 */
import type { Totals } from '../board/selectors';

export const CHANGE_KINDS = ['added', 'removed', 'won', 'lost', 'moved', 'repriced', 'slipped', 'edited'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Who made a change: a member (by id and name), or null for the server's own changes. */
export interface ChangeAuthor {
  id: string;
  name: string;
}

interface ChangeBase {
  dealId: string;
  /** The deal's title at the later end (or, for a removed deal, when it was last seen). */
  title: string;
  by: ChangeAuthor | null;
  at: string;
}

export type DealChange = ChangeBase &
  (
    | { kind: 'added'; columnId: string; amount: number | null; currency: string; restored: boolean }
    | { kind: 'removed'; reason: 'deleted' | 'archived'; amount: number | null; currency: string }
    | { kind: 'won' | 'lost'; fromColumnId: string; toColumnId: string; amount: number | null; currency: string }
    | { kind: 'moved'; fromColumnId: string; toColumnId: string; direction: 'forward' | 'back' }
    | { kind: 'repriced'; from: number | null; to: number | null; currency: string }
    | { kind: 'slipped'; from: string | null; to: string | null }
    | { kind: 'edited'; fields: string[] }
  );

/** The pipeline's totals: open, live deals; `sum`/`weighted` in the board currency, others apart. */
export interface PipelineTotals extends Totals {
  currency: string;
  otherCurrencies: Record<string, Totals>;
}

/** One bar of the pipeline waterfall (board currency): the steps add up from start to end. */
export interface WaterfallStep {
  key: 'added' | 'reopened' | 'won' | 'lost' | 'removed' | 'repricedUp' | 'repricedDown';
  /** Signed change of the pipeline sum. */
  value: number;
  count: number;
}

export interface ChangesReport {
  from: string;
  to: string;
  totals: { from: PipelineTotals; to: PipelineTotals };
  waterfall: WaterfallStep[];
  changes: DealChange[];
}
