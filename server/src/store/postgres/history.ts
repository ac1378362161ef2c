/**
 * The board at a past moment on PostgreSQL: the newest snapshot whose last folded update is
 * at or before the moment (index doc_snapshots_board_upto_at), plus the log after it up to
 * the moment. Logged times follow seq (store/commitTimes.ts), so that is exactly the updates
 * at or before the moment, whichever snapshot is kept. Snapshots keep their `upto_at`
 * (migration 006); older ones are thinned (store/snapshotRetention.ts), which leaves a nearest
 * one for every moment. Updates are never deleted, so the two reads are consistent even while
 * another process compacts.
 */
import type { LoadedDocument } from '../Store';
import { toBuffer, toBytes } from '../sqlite/rows';
import type { PgDatabase } from './database';

export async function listUpdateTimes(db: PgDatabase, boardId: string, limit: number): Promise<string[]> {
  const rows = await db.rows<{ at: string }>('SELECT DISTINCT at FROM doc_updates WHERE board_id = $1 ORDER BY at DESC LIMIT $2', [boardId, limit]);
  return rows.map((row) => row.at).reverse();
}

/** With `history`, the snapshot's history form is read instead of its full state when it is kept. */
export async function loadDocumentAt(db: PgDatabase, boardId: string, at: string, history = false): Promise<LoadedDocument> {
  const state = history ? 'COALESCE(history_state, state) AS state, history_state IS NOT NULL AS history' : 'state, false AS history';
  const snap = await db.one<{ upto_seq: number; state: Buffer; history: boolean }>(
    `SELECT upto_seq, ${state} FROM doc_snapshots WHERE board_id = $1 AND upto_at <= $2 ORDER BY upto_at DESC, upto_seq DESC LIMIT 1`,
    [boardId, at],
  );
  const snapshotSeq = snap?.upto_seq ?? 0;
  const rows = await db.rows<{ seq: number; update: Buffer; user_id: string | null; at: string }>(
    'SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = $1 AND seq > $2 AND at <= $3 ORDER BY seq',
    [boardId, snapshotSeq, at],
  );
  return {
    snapshot: snap ? toBytes(snap.state) : null,
    snapshotSeq,
    updates: rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at })),
    ...(snap?.history ? { historySnapshot: true } : {}),
  };
}

export async function writeHistorySnapshot(db: PgDatabase, boardId: string, uptoSeq: number, historyState: Uint8Array): Promise<void> {
  await db.query('UPDATE doc_snapshots SET history_state = $1 WHERE board_id = $2 AND upto_seq = $3', [toBuffer(historyState), boardId, uptoSeq]);
}
