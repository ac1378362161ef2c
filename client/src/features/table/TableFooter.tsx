/**
 * The table's totals: the shown lanes' `laneTotals` added up (shared `sumLaneTotals`), so they
 * equal the board columns' totals for the same filter. Other currencies are listed apart.
 */
import { memo, useMemo } from 'react';
import { sumLaneTotals, type Lane } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { formatMoney } from '../../lib/format';
import { ConvertedTotal } from '../rates/ConvertedTotal';

/** Memoised: the table re-renders on every scroll frame, the totals only when the deals change. */
export const TableFooter = memo(function TableFooter({ lanes, shown }: { lanes: readonly Lane[]; shown: number }) {
  const currency = useBoard((b) => b.info().currency);
  const totals = useMemo(() => sumLaneTotals(lanes, currency), [lanes, currency]);
  const others = Object.entries(totals.otherCurrencies);
  return (
    <footer className="table-footer" data-testid="table-totals" aria-label="Totals">
      <span>
        <strong data-testid="table-count">{shown}</strong> deal{shown === 1 ? '' : 's'}
      </span>
      <span>
        Total{' '}
        <strong data-testid="table-sum" data-value={totals.sum}>
          {formatMoney(totals.sum, currency)}
        </strong>
      </span>
      <span>
        Weighted{' '}
        <strong data-testid="table-weighted" data-value={totals.weighted}>
          {formatMoney(totals.weighted, currency)}
        </strong>
      </span>
      {others.map(([code, t]) => (
        <span key={code} className="muted" data-testid={`table-other-${code}`}>
          + {formatMoney(t.sum, code)} ({t.count} in {code}, weighted {formatMoney(t.weighted, code)})
        </span>
      ))}
      <ConvertedTotal totals={totals} currency={currency} testId="table-converted" />
    </footer>
  );
});
