/** Who may undo an import as a whole: its importer while still an editor, or an owner of the board. The server enforces it; the UI offers Undo by it. */
import { canEdit, type Role } from '../roles';

export function mayUndoImport(importerId: string, userId: string, role: Role | null): boolean {
  return canEdit(role) && (importerId === userId || role === 'owner');
}
