/** Undo on an import's activity entry, for its importer or an owner, until it is undone. */
import { useState } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import type { Role } from '../../../../shared/src/roles';
import { useBoardSession } from '../board/boardSession';
import { runImportUndo } from './importUndo';
import './import.css';

/** The import this entry may undo for me: mine (or I own the board), and not undone yet. */
export function undoableImportId(event: ActivityEvent, meId: string, role: Role, undone: ReadonlySet<string>): string | null {
  if (event.type !== 'deals.imported' || !event.data.importId || undone.has(event.data.importId)) return null;
  if (role === 'viewer' || (event.actor.id !== meId && role !== 'owner')) return null;
  return event.data.importId;
}

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
