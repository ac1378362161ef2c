/**
 * Who is offered what on an import's activity entry: Undo for its importer (while an editor) or
 * an owner, until it is undone; and for the same people, a note on an import logged before
 * imports could be undone (its entry carries no `importId`, and nothing kept says what it did).
 */
import type { ActivityEvent } from '../../../../shared/src/events';
import type { Role } from '../../../../shared/src/roles';
import { mayUndoImport } from '../../../../shared/src/import/whoMayUndo';

const mayUndo = (event: ActivityEvent, meId: string, role: Role) => mayUndoImport(event.actor.id, meId, role);

/** The import this entry may undo for me: mine (or I own the board), and not undone yet. */
export function undoableImportId(event: ActivityEvent, meId: string, role: Role, undone: ReadonlySet<string>): string | null {
  if (event.type !== 'deals.imported' || !event.data.importId || undone.has(event.data.importId)) return null;
  return mayUndo(event, meId, role) ? event.data.importId : null;
}

/** True for an import made before import undo existed, shown to those who would undo it. */
export function importBeforeUndo(event: ActivityEvent, meId: string, role: Role): boolean {
  return event.type === 'deals.imported' && !event.data.importId && mayUndo(event, meId, role);
}
