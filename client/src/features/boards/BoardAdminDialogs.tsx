/** Owner-only board actions: rename and delete (with a typed confirmation-free but explicit dialog). */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type BoardSummary } from '../../api';
import { Dialog } from '../../ui/Dialog';

export function RenameBoardDialog({ board, onClose, onDone }: { board: BoardSummary; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState(board.name);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('The name cannot be empty.');
    try {
      await api.renameBoard(board.id, name.trim());
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog title="Rename board" onClose={onClose}>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label className="field-label" htmlFor="rename-board">
            Name
          </label>
          <input id="rename-board" className="input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!error} maxLength={100} autoFocus />
          {error ? <div className="field-error">{error}</div> : null}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteBoardDialog({ board, onClose, onDone }: { board: BoardSummary; onClose: () => void; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteBoard(board.id);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete “${board.name}”?`}
      description="Every deal, note and comment on this board is deleted for all members. This cannot be undone."
      onClose={onClose}
    >
      {error ? <div className="form-error">{error}</div> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={remove} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete board'}
        </button>
      </div>
    </Dialog>
  );
}
