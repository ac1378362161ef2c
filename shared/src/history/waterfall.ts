/**
 * The pipeline waterfall between two moments, in the board currency: start sum, then what
 * each kind of change added or took away, to the end sum. Built deal by deal from the same
 * amounts pipelineTotals adds, so start + steps = end exactly.
 */
import type { BoardState, DealAt } from './dealStates';
import { inPipeline } from './pipeline';
import type { WaterfallStep } from './types';

const STEP_ORDER: WaterfallStep['key'][] = ['added', 'reopened', 'won', 'lost', 'removed', 'repricedUp', 'repricedDown'];

/** What the deal adds to the pipeline sum (0 outside it or in another currency). */
function contribution(at: DealAt | undefined, currency: string): number {
  if (!at || !inPipeline(at.deal, at.column) || at.deal.currency !== currency) return 0;
  return at.deal.amount ?? 0;
}

function inSum(at: DealAt | undefined, currency: string): boolean {
  return at !== undefined && inPipeline(at.deal, at.column) && at.deal.currency === currency;
}

function stepOf(before: DealAt | undefined, after: DealAt | undefined, from: BoardState, to: BoardState): WaterfallStep['key'] | null {
  const wasIn = inSum(before, from.currency);
  const isIn = inSum(after, to.currency);
  if (!wasIn && isIn) return before ? 'reopened' : 'added';
  if (wasIn && !isIn) {
    const kind = after && !after.deal.archived ? after.column?.kind : undefined;
    return kind === 'won' ? 'won' : kind === 'lost' ? 'lost' : 'removed';
  }
  if (!wasIn) return null;
  const delta = contribution(after, to.currency) - contribution(before, from.currency);
  return delta > 0 ? 'repricedUp' : delta < 0 ? 'repricedDown' : null;
}

/** Steps in a fixed order (empty steps left out). */
export function waterfallOf(from: BoardState, to: BoardState): WaterfallStep[] {
  const steps = new Map<WaterfallStep['key'], WaterfallStep>();
  for (const id of new Set([...from.deals.keys(), ...to.deals.keys()])) {
    const before = from.deals.get(id);
    const after = to.deals.get(id);
    const key = stepOf(before, after, from, to);
    if (!key) continue;
    const step = steps.get(key) ?? { key, value: 0, count: 0 };
    step.value += contribution(after, to.currency) - contribution(before, from.currency);
    step.count += 1;
    steps.set(key, step);
  }
  return STEP_ORDER.flatMap((key) => steps.get(key) ?? []);
}
