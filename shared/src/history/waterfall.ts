/**
 * The pipeline waterfall between two moments, in the board currency: start sum, then what
 * each kind of change added or took away, to the end sum. Built deal by deal from the same
 * amounts pipelineTotals adds, so start + steps = end exactly (a part inside its round adds
 * nothing: linking one shows as a repricing down of the part).
 */
import { insideRound } from '../board/parts';
import type { Deal } from '../board/schema';
import type { BoardState, DealAt } from './dealStates';
import { inPipeline } from './pipeline';
import type { WaterfallStep } from './types';

const STEP_ORDER: WaterfallStep['key'][] = ['added', 'reopened', 'won', 'lost', 'removed', 'repricedUp', 'repricedDown'];

/** The deals in the pipeline of a state, by id: where a part's round is looked up (as pipelineTotals does). */
function pipelineDeals(state: BoardState): Map<string, Deal> {
  const out = new Map<string, Deal>();
  for (const [id, at] of state.deals) if (inPipeline(at.deal, at.column)) out.set(id, at.deal);
  return out;
}

/** What the deal adds to the pipeline sum (0 outside it, in another currency, or inside its round). */
function contribution(at: DealAt | undefined, state: BoardState, pipeline: ReadonlyMap<string, Deal>): number {
  if (!at || !inPipeline(at.deal, at.column) || at.deal.currency !== state.currency || insideRound(at.deal, pipeline)) return 0;
  return at.deal.amount ?? 0;
}

function inSum(at: DealAt | undefined, currency: string): boolean {
  return at !== undefined && inPipeline(at.deal, at.column) && at.deal.currency === currency;
}

function stepOf(before: DealAt | undefined, after: DealAt | undefined, from: BoardState, to: BoardState, delta: number): WaterfallStep['key'] | null {
  const wasIn = inSum(before, from.currency);
  const isIn = inSum(after, to.currency);
  if (!wasIn && isIn) return before ? 'reopened' : 'added';
  if (wasIn && !isIn) {
    const kind = after && !after.deal.archived ? after.column?.kind : undefined;
    return kind === 'won' ? 'won' : kind === 'lost' ? 'lost' : 'removed';
  }
  if (!wasIn) return null;
  return delta > 0 ? 'repricedUp' : delta < 0 ? 'repricedDown' : null;
}

/** Steps in a fixed order (empty steps left out). */
export function waterfallOf(from: BoardState, to: BoardState): WaterfallStep[] {
  const steps = new Map<WaterfallStep['key'], WaterfallStep>();
  const fromPipeline = pipelineDeals(from);
  const toPipeline = pipelineDeals(to);
  for (const id of new Set([...from.deals.keys(), ...to.deals.keys()])) {
    const before = from.deals.get(id);
    const after = to.deals.get(id);
    const delta = contribution(after, to, toPipeline) - contribution(before, from, fromPipeline);
    const key = stepOf(before, after, from, to, delta);
    if (!key) continue;
    const step = steps.get(key) ?? { key, value: 0, count: 0 };
    step.value += delta;
    step.count += 1;
    steps.set(key, step);
  }
  return STEP_ORDER.flatMap((key) => steps.get(key) ?? []);
}
