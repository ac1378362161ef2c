/** Confirmed imports on PostgreSQL (migration 007): what undoing each one puts back, and whether it was undone. */
import type { ImportRecord } from '../Store';
import { toImport, type ImportRow } from '../importRow';
import type { PgDatabase } from './database';

export async function saveImport(db: PgDatabase, record: Omit<ImportRecord, 'undoneAt'>): Promise<void> {
  await db.query('INSERT INTO imports (id, board_id, user_id, at, undo) VALUES ($1, $2, $3, $4, $5)', [
    record.id,
    record.boardId,
    record.userId,
    record.at,
    record.undo,
  ]);
}

export async function getImport(db: PgDatabase, boardId: string, id: string): Promise<ImportRecord | null> {
  const row = await db.one<ImportRow>('SELECT id, board_id, user_id, at, undo, undone_at FROM imports WHERE board_id = $1 AND id = $2', [boardId, id]);
  return row ? toImport(row) : null;
}

export async function setImportUndone(db: PgDatabase, boardId: string, id: string, at: string | null): Promise<boolean> {
  const result =
    at === null
      ? await db.query('UPDATE imports SET undone_at = NULL WHERE board_id = $1 AND id = $2 AND undone_at IS NOT NULL', [boardId, id])
      : await db.query('UPDATE imports SET undone_at = $1 WHERE board_id = $2 AND id = $3 AND undone_at IS NULL', [at, boardId, id]);
  return (result.rowCount ?? 0) > 0;
}
