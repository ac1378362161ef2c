/**
 * The pipeline: live (not archived) deals in open columns. Its totals are the board's open
 * lanes' totals added up (shared sumLaneTotals: a round's money once, wherever its parts sit
 * in the pipeline), so history and the board agree to the unit.
 */
import type * as Y from 'yjs';
import { readBoardInfo, selectLanes, sumLaneTotals } from '../board';
import type { Column, Deal } from '../board/schema';
import type { PipelineTotals } from './types';

/** True when the deal counts in the pipeline (its column is a valid open column). */
export function inPipeline(deal: Deal, column: Column | null): boolean {
  return !deal.archived && column !== null && column.kind === 'open';
}

/** Count, sum and weighted sum of the open lanes; other currencies summed apart. */
export function pipelineTotals(doc: Y.Doc): PipelineTotals {
  const { currency } = readBoardInfo(doc);
  const open = selectLanes(doc).filter((lane) => lane.column !== null && lane.column.kind === 'open');
  const { count, sum, weighted, otherCurrencies } = sumLaneTotals(open, currency);
  return { currency, count, sum, weighted, otherCurrencies };
}
