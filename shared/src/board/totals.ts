/**
 * Totals over several lanes (a table's footer, the forecast's check): the sum of each lane's
 * `laneTotals`, so a view's totals are the board columns' totals added up, never a second way
 * of counting. Other currencies stay apart, never converted.
 */
import { laneTotals, type Lane, type LaneTotals, type Totals } from './selectors';

/** The lanes' totals added up, in the board currency, other currencies apart. */
export function sumLaneTotals(lanes: readonly Lane[], boardCurrency: string, now: Date = new Date()): LaneTotals {
  const total: LaneTotals = { count: 0, sum: 0, weighted: 0, stale: 0, otherCurrencies: {} };
  for (const lane of lanes) addTotals(total, laneTotals(lane, boardCurrency, now));
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
