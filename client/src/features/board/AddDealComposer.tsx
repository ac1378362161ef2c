/** "Add a deal" at the foot of a column: type a title, Enter adds it at the end and keeps the box open for the next. */
import { useState } from 'react';
import { createDeal } from '../../model';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from './boardSession';
import { plainMessage } from '../../lib/plainMessage';

export function AddDealComposer({ columnId, columnName }: { columnId: string; columnName: string }) {
  const { conn } = useBoardSession();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const t = title.trim();
    if (!t) {
      setOpen(false);
      return;
    }
    const result = createDeal(conn.doc, { columnId, title: t, ownerId: conn.userId }, conn.origin);
    if (!result.ok) {
      setError(plainMessage(result.error.message));
      return;
    }
    setTitle('');
    setError(null);
  };

  if (!open) {
    return (
      <button type="button" className="lane-add" onClick={() => setOpen(true)} aria-label={`Add a deal to ${columnName}`}>
        <Icon name="plus" size={14} /> Add a deal
      </button>
    );
  }
  return (
    <div className="composer">
      <textarea
        className="textarea composer-input"
        rows={2}
        value={title}
        placeholder="Deal title, e.g. Amazon to invest up to $50B in OpenAI"
        aria-label={`New deal title in ${columnName}`}
        aria-invalid={!!error}
        maxLength={200}
        autoFocus
        onChange={(e) => {
          setTitle(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
          if (e.key === 'Escape') {
            setOpen(false);
            setTitle('');
          }
        }}
        onBlur={() => {
          if (!title.trim()) setOpen(false);
        }}
      />
      {error ? <div className="field-error">{error}</div> : null}
      <div className="composer-actions">
        <button type="button" className="btn btn-primary btn-sm" onMouseDown={(e) => e.preventDefault()} onClick={submit}>
          Add deal
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => (setOpen(false), setTitle(''))}>
          Cancel
        </button>
        <span className="spacer" />
        <span className="field-hint">
          <span className="kbd">Enter</span> to add
        </span>
      </div>
    </div>
  );
}
