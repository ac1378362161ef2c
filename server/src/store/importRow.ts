/** The `imports` table's row, the same on SQLite and PostgreSQL, and the record it reads as. */
import type { ImportRecord } from './Store';

export interface ImportRow {
  id: string;
  board_id: string;
  user_id: string;
  at: string;
  undo: string;
  undone_at: string | null;
}

export const toImport = (row: ImportRow): ImportRecord => ({
  id: row.id,
  boardId: row.board_id,
  userId: row.user_id,
  at: row.at,
  undo: row.undo,
  undoneAt: row.undone_at,
});
