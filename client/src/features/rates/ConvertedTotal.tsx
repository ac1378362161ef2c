/**
 * The converted roll-up under a set of totals: "≈ $61.2B at rates of 1 Dec 2026", shown only
 * when the board has rates for at least one of the other currencies. The per-currency totals
 * stay where they are; a currency without a rate is named as left out.
 */
import { convertTotals, type LaneTotals } from '../../model';
import { formatMoney } from '../../lib/format';
import { ratesDate, useExchangeRates } from './useExchangeRates';
import './rates.css';

export function ConvertedTotal({
  totals,
  currency,
  weighted = false,
  testId,
  className = 'converted-total',
}: {
  totals: Pick<LaneTotals, 'count' | 'sum' | 'weighted' | 'otherCurrencies'>;
  currency: string;
  /** Show the weighted roll-up instead of the sum. */
  weighted?: boolean;
  testId?: string;
  className?: string;
}) {
  const rates = useExchangeRates();
  const rollup = convertTotals(totals, currency, rates);
  if (!rollup) return null;
  const value = weighted ? rollup.weighted : rollup.sum;
  const apart = Object.keys(rollup.apart);
  return (
    <span
      className={className}
      data-testid={testId}
      data-value={value}
      title={`Converted roll-up of ${[currency, ...rollup.converted].join(', ')} at the board's rates of ${ratesDate(rollup.asOf)}${apart.length > 0 ? `; ${apart.join(', ')} not included (no rate)` : ''}`}
    >
      ≈ {formatMoney(value, currency)} at rates of {ratesDate(rollup.asOf)}
      {apart.length > 0 ? ` (without ${apart.join(', ')})` : ''}
    </span>
  );
}
