/** Undo on an import's activity entry (see importUndoRule.ts for who gets it). */
import { useState } from 'react';
import { useBoardSession } from '../board/boardSession';
import { runImportUndo } from './importUndo';
import './import.css';

export function ImportUndoButton({ importId }: { importId: string }) {
  const { boardId } = useBoardSession();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm activity-action"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void runImportUndo(boardId, importId).finally(() => setBusy(false));
      }}
    >
      Undo import
    </button>
  );
}

/** In place of Undo on an import made before imports could be undone: why there is none, and what to use. */
export function ImportBeforeUndoNote() {
  return (
    <p className="muted activity-action activity-note" data-testid="import-not-undoable">
      This import was made before imports could be undone, so it cannot be undone as a whole. Deals can be restored one by one from History.
    </p>
  );
}
