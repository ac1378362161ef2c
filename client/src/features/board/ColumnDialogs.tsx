/** Deleting a stage (asks where its deals go) and a stage's settings (probability, stale days, kind, colour). */
import { useState, type FormEvent } from 'react';
import { COLUMN_KINDS, deleteColumn, setColumnProps, type Column, type ColumnKind } from '../../model';
import { Dialog } from '../../ui/Dialog';
import { useBoardSession } from './boardSession';
import { COLUMN_KIND_LABEL } from './dealLabels';
import { plainMessage } from '../../lib/plainMessage';

export function DeleteColumnDialog({ column, columns, dealCount, onClose }: { column: Column; columns: Column[]; dealCount: number; onClose: () => void }) {
  const { conn } = useBoardSession();
  const others = columns.filter((c) => c.id !== column.id);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);

  const remove = () => {
    const result = deleteColumn(
      conn.doc,
      dealCount > 0 || target ? { columnId: column.id, moveDealsTo: target || undefined } : { columnId: column.id },
      conn.origin,
    );
    if (!result.ok) return setError(plainMessage(result.error.message));
    onClose();
  };

  const blocked = dealCount > 0 && others.length === 0;
  return (
    <Dialog title={`Delete stage “${column.name}”?`} onClose={onClose}>
      {dealCount > 0 ? (
        blocked ? (
          <p>
            This is the only stage and it holds {dealCount} deal{dealCount === 1 ? '' : 's'}. Add another stage to move them to first.
          </p>
        ) : (
          <div className="field">
            <label className="field-label" htmlFor="move-deals-to">
              Move its {dealCount} deal{dealCount === 1 ? '' : 's'} (archived ones included) to
            </label>
            <select id="move-deals-to" className="select" value={target} onChange={(e) => setTarget(e.target.value)}>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )
      ) : (
        <p className="muted">This stage is empty. Deleting it removes only the column.</p>
      )}
      {error ? <div className="form-error">{error}</div> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={remove} disabled={blocked}>
          Delete stage
        </button>
      </div>
    </Dialog>
  );
}

const COLORS = ['#94a3b8', '#6366f1', '#0ea5e9', '#14b8a6', '#10b981', '#84cc16', '#f59e0b', '#f97316', '#f43f5e', '#ec4899', '#8b5cf6'];

export function StageSettingsDialog({ column, onClose }: { column: Column; onClose: () => void }) {
  const { conn } = useBoardSession();
  const [probability, setProbability] = useState(column.probability === null ? '' : String(column.probability));
  const [staleDays, setStaleDays] = useState(column.staleDays === null ? '' : String(column.staleDays));
  const [kind, setKind] = useState<ColumnKind>(column.kind);
  const [color, setColor] = useState(column.color);
  const [errors, setErrors] = useState<{ probability?: string; staleDays?: string; form?: string }>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = probability.trim() === '' ? null : Number(probability);
    const s = staleDays.trim() === '' ? null : Number(staleDays);
    const next: typeof errors = {};
    if (p !== null && (!Number.isInteger(p) || p < 0 || p > 100)) next.probability = 'A whole number from 0 to 100, or empty.';
    if (s !== null && (!Number.isInteger(s) || s < 1)) next.staleDays = 'A whole number of days (1 or more), or empty for never.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const result = setColumnProps(conn.doc, { columnId: column.id, probability: p, staleDays: s, kind, color }, conn.origin);
    if (!result.ok && result.error.code !== 'noop') return setErrors({ form: plainMessage(result.error.message) });
    onClose();
  };

  return (
    <Dialog title={`Stage settings: ${column.name}`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="grid-2">
          <div className="field">
            <label className="field-label" htmlFor="stage-prob">
              Default probability (%)
            </label>
            <input
              id="stage-prob"
              className="input"
              inputMode="numeric"
              value={probability}
              onChange={(e) => setProbability(e.target.value)}
              aria-invalid={!!errors.probability}
            />
            {errors.probability ? <div className="field-error">{errors.probability}</div> : <div className="field-hint">For deals without their own.</div>}
          </div>
          <div className="field">
            <label className="field-label" htmlFor="stage-stale">
              Stale after (days)
            </label>
            <input
              id="stage-stale"
              className="input"
              inputMode="numeric"
              value={staleDays}
              onChange={(e) => setStaleDays(e.target.value)}
              aria-invalid={!!errors.staleDays}
            />
            {errors.staleDays ? <div className="field-error">{errors.staleDays}</div> : <div className="field-hint">Empty: never stale.</div>}
          </div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="stage-kind">
            Kind
          </label>
          <select id="stage-kind" className="select" value={kind} onChange={(e) => setKind(e.target.value as ColumnKind)}>
            {COLUMN_KINDS.map((k) => (
              <option key={k} value={k}>
                {COLUMN_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="swatches">
          <legend className="field-label">Colour</legend>
          {COLORS.map((c) => (
            <label key={c} className={`swatch${c === color ? ' is-selected' : ''}`} style={{ background: c }} title={c}>
              <input type="radio" name="stage-color" value={c} checked={c === color} onChange={() => setColor(c)} className="sr-only" />
              <span className="sr-only">{c}</span>
            </label>
          ))}
        </fieldset>
        {errors.form ? <div className="form-error">{errors.form}</div> : null}
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
