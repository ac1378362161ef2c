/** Confirmed imports on SQLite (migration 008): what undoing each one puts back, and whether it was undone. */
import type Database from 'better-sqlite3';
import type { ImportRecord } from '../Store';
import { toImport, type ImportRow } from '../importRow';

export function saveImport(db: Database.Database, record: Omit<ImportRecord, 'undoneAt'>): void {
  db.prepare('INSERT INTO imports (id, board_id, user_id, at, undo) VALUES (?, ?, ?, ?, ?)').run(
    record.id,
    record.boardId,
    record.userId,
    record.at,
    record.undo,
  );
}

export function getImport(db: Database.Database, boardId: string, id: string): ImportRecord | null {
  const row = db.prepare('SELECT id, board_id, user_id, at, undo, undone_at FROM imports WHERE board_id = ? AND id = ?').get(boardId, id) as
    ImportRow | undefined;
  return row ? toImport(row) : null;
}

export function setImportUndone(db: Database.Database, boardId: string, id: string, at: string | null): boolean {
  const sql =
    at === null
      ? 'UPDATE imports SET undone_at = NULL WHERE board_id = ? AND id = ? AND undone_at IS NOT NULL'
      : 'UPDATE imports SET undone_at = ? WHERE board_id = ? AND id = ? AND undone_at IS NULL';
  const result = at === null ? db.prepare(sql).run(boardId, id) : db.prepare(sql).run(at, boardId, id);
  return result.changes > 0;
}
