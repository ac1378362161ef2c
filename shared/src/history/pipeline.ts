/**
 * The pipeline: live (not archived) deals in open columns. Its totals are the board's
 * lane totals (selectors.laneTotals) added up, so history and the board agree to the unit.
 */
import type * as Y from 'yjs';
import { laneTotals, readBoardInfo, selectLanes } from '../board';
import type { Column, Deal } from '../board/schema';
import type { PipelineTotals } from './types';

/** True when the deal counts in the pipeline (its column is a valid open column). */
export function inPipeline(deal: Deal, column: Column | null): boolean {
  return !deal.archived && column !== null && column.kind === 'open';
}

/** Count, sum and weighted sum of the open lanes; other currencies summed apart. */
export function pipelineTotals(doc: Y.Doc): PipelineTotals {
  const { currency } = readBoardInfo(doc);
  const totals: PipelineTotals = { currency, count: 0, sum: 0, weighted: 0, otherCurrencies: {} };
  for (const lane of selectLanes(doc)) {
    if (!lane.column || lane.column.kind !== 'open') continue;
    const lt = laneTotals(lane, currency);
    totals.count += lt.count;
    totals.sum += lt.sum;
    totals.weighted += lt.weighted;
    for (const [code, other] of Object.entries(lt.otherCurrencies)) {
      const into = (totals.otherCurrencies[code] ??= { count: 0, sum: 0, weighted: 0 });
      into.count += other.count;
      into.sum += other.sum;
      into.weighted += other.weighted;
    }
  }
  return totals;
}
