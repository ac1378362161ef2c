/**
 * Totals over several lanes (a table's footer, the forecast's check): each lane's `laneTotals`
 * added up, never a second way of counting, with one difference: the scope of rounds is all
 * the lanes, so a part whose round is in any of them adds nothing (the board's columns count
 * a part in its own column when its round is in another). Other currencies stay apart.
 */
import type { Deal } from './schema';
import { dealsById, laneTotals, type Lane, type LaneTotals, type Totals } from './selectors';

/** The lanes' totals added up, in the board currency, other currencies apart; a round's money once. */
export function sumLaneTotals(
  lanes: readonly Lane[],
  boardCurrency: string,
  now: Date = new Date(),
  scope: ReadonlyMap<string, Deal> = dealsById(lanes),
): LaneTotals {
  const total: LaneTotals = { count: 0, sum: 0, weighted: 0, stale: 0, otherCurrencies: {} };
  for (const lane of lanes) addTotals(total, laneTotals(lane, boardCurrency, now, scope));
  return total;
}

/** Adds `part` into `into` (counts, sums, stale and each other currency). */
export function addTotals(into: LaneTotals, part: LaneTotals): void {
  into.count += part.count;
  into.sum += part.sum;
  into.weighted += part.weighted;
  into.stale += part.stale;
  for (const [currency, other] of Object.entries(part.otherCurrencies)) {
    const bucket: Totals = (into.otherCurrencies[currency] ??= { count: 0, sum: 0, weighted: 0 });
    bucket.count += other.count;
    bucket.sum += other.sum;
    bucket.weighted += other.weighted;
  }
}
