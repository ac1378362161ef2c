/** The ghost column at the end of the board: name a new stage and it joins the open stages (before Closed/Abandoned). */
import { useState } from 'react';
import { addColumn } from '../../model';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from './boardSession';
import { plainMessage } from '../../lib/plainMessage';

export function AddColumn() {
  const { conn } = useBoardSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const n = name.trim();
    if (!n) {
      setOpen(false);
      return;
    }
    const result = addColumn(conn.doc, { name: n }, conn.origin);
    if (!result.ok) {
      setError(plainMessage(result.error.message));
      return;
    }
    setName('');
    setError(null);
    setOpen(false);
  };

  if (!open) {
    return (
      <button type="button" className="lane-new" onClick={() => setOpen(true)}>
        <Icon name="plus" /> Add stage
      </button>
    );
  }
  return (
    <div className="lane-new lane-new-open">
      <input
        className="input"
        value={name}
        placeholder="Stage name, e.g. Due diligence"
        aria-label="New stage name"
        aria-invalid={!!error}
        maxLength={60}
        autoFocus
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit();
          if (e.key === 'Escape') setOpen(false);
        }}
      />
      {error ? <div className="field-error">{error}</div> : null}
      <div className="composer-actions">
        <button type="button" className="btn btn-primary btn-sm" onClick={submit}>
          Add stage
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
