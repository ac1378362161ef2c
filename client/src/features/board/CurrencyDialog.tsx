/**
 * The board currency (owners): the ISO 4217 code that totals, weighted totals and charts are
 * in. Deals in other currencies keep their own and are totalled apart, never converted.
 */
import { useState, type FormEvent } from 'react';
import { setBoardInfo } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { Dialog } from '../../ui/Dialog';
import { FieldShell } from '../../ui/FieldShell';
import { useBoardSession } from './boardSession';

const COMMON = ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CNY', 'CAD', 'AUD', 'INR', 'SGD', 'HKD', 'SEK'];

export function CurrencyDialog({ onClose }: { onClose: () => void }) {
  const { conn } = useBoardSession();
  const current = useBoard((b) => b.info().currency);
  const [code, setCode] = useState(current);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = setBoardInfo(conn.doc, { currency: code.trim().toUpperCase() }, conn.origin);
    if (!result.ok && result.error.code !== 'noop') return setError(`${code.trim() || 'That'} ${result.error.message}`);
    onClose();
  };

  return (
    <Dialog
      title="Board currency"
      description="Totals and charts are in this currency. Deals in other currencies are totalled apart, never converted."
      onClose={onClose}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <FieldShell label="Currency (ISO 4217)" htmlFor="board-currency" error={error} hint="For example USD, EUR, GBP.">
          <input
            id="board-currency"
            className="input"
            list="board-currencies"
            value={code}
            maxLength={3}
            autoFocus
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={!!error}
          />
        </FieldShell>
        <datalist id="board-currencies">
          {COMMON.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <div className="dialog-actions">
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
