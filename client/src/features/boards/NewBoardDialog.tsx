/** Create a board from a template: the default deal stages, or empty. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type BoardTemplate } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { PIPELINE_COLUMNS } from '../../model';

const TEMPLATES: Array<{ id: BoardTemplate; name: string; description: string; stages: string[] }> = [
  { id: 'pipeline', name: 'Deal pipeline', description: 'Stages for tracking pending deals, ready to go.', stages: PIPELINE_COLUMNS.map((c) => c.name) },
  { id: 'empty', name: 'Empty board', description: 'Start from a blank board and add your own stages.', stages: [] },
];

export function NewBoardDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<BoardTemplate>('pipeline');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the board a name.');
      return;
    }
    setBusy(true);
    try {
      const board = await api.createBoard({ name: name.trim(), template });
      onCreated(board.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New board" description="A board holds your deals, their stages and the discussion around them." onClose={onClose} width={520}>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label className="field-label" htmlFor="new-board-name">
            Name
          </label>
          <input
            id="new-board-name"
            className="input"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            placeholder="e.g. AI infrastructure deals"
            aria-invalid={!!error}
            maxLength={100}
            autoFocus
          />
          {error ? (
            <div className="field-error" role="alert">
              {error}
            </div>
          ) : null}
        </div>
        <fieldset className="template-choices">
          <legend className="field-label">Template</legend>
          {TEMPLATES.map((t) => (
            <label key={t.id} className={`template-choice${template === t.id ? ' is-selected' : ''}`}>
              <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} />
              <span className="template-name">{t.name}</span>
              <span className="template-desc">{t.description}</span>
              <span className="template-preview" aria-hidden="true">
                {t.stages.length > 0 ? t.stages.map((s) => <span key={s}>{s}</span>) : <span className="template-preview-empty">No stages yet</span>}
              </span>
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create board'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
