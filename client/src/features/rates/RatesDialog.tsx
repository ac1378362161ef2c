/**
 * Exchange rates (owners): the date they are valid for and, for each other currency on the
 * board, what one unit is worth in the board currency. Totals then also show a converted
 * roll-up labelled with that date; a currency left blank stays apart, never converted.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { setExchangeRates } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { Dialog } from '../../ui/Dialog';
import { FieldShell } from '../../ui/FieldShell';
import { useBoardSession } from '../board/boardSession';
import { useExchangeRates } from './useExchangeRates';
import type { BoardStore } from '../../hooks/boardStore';
import './rates.css';

const dealCurrencies = (b: BoardStore) => [...new Set(b.deals().map((d) => d.currency))].sort().join(',');

export function RatesDialog({ onClose }: { onClose: () => void }) {
  const { conn } = useBoardSession();
  const currency = useBoard((b) => b.info().currency);
  const used = useBoard(dealCurrencies);
  const rates = useExchangeRates();
  const codes = useMemo(
    () => [...new Set([...used.split(',').filter(Boolean), ...Object.keys(rates?.perUnit ?? {})])].filter((c) => c !== currency).sort(),
    [used, rates, currency],
  );
  const [asOf, setAsOf] = useState(rates?.asOf ?? new Date().toISOString().slice(0, 10));
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(codes.map((c) => [c, rates && rates.base === currency && rates.perUnit[c] ? String(rates.perUnit[c]) : ''])),
  );
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const perUnit: Record<string, number> = {};
    for (const [code, text] of Object.entries(values)) {
      if (text.trim() === '') continue;
      const value = Number(text.trim());
      if (!Number.isFinite(value) || value <= 0) return setError(`The rate for ${code} must be a number above 0, like 1.08.`);
      perUnit[code] = value;
    }
    const result =
      Object.keys(perUnit).length === 0 ? setExchangeRates(conn.doc, null, conn.origin) : setExchangeRates(conn.doc, { asOf, perUnit }, conn.origin);
    if (!result.ok && result.error.code !== 'noop') return setError(result.error.message);
    onClose();
  };

  return (
    <Dialog
      title="Exchange rates"
      description={`What one unit of each currency is worth in ${currency} on a date. Totals then also show a roll-up converted at these rates; a currency left blank stays apart.`}
      onClose={onClose}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <FieldShell label="Valid for" htmlFor="rates-as-of" error={null}>
          <input id="rates-as-of" className="input" type="date" value={asOf} required onChange={(e) => setAsOf(e.target.value)} />
        </FieldShell>
        {codes.length === 0 ? <p className="muted">Every deal is in {currency}: there is nothing to convert.</p> : null}
        <div className="rates-list">
          {codes.map((code) => (
            <label key={code} className="rates-row">
              <span>1 {code} =</span>
              <input
                className="input"
                inputMode="decimal"
                aria-label={`${code} in ${currency}`}
                value={values[code] ?? ''}
                placeholder="no rate"
                onChange={(e) => setValues((v) => ({ ...v, [code]: e.target.value }))}
              />
              <span>{currency}</span>
            </label>
          ))}
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          {rates ? (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setExchangeRates(conn.doc, null, conn.origin);
                onClose();
              }}
            >
              Remove rates
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
