/**
 * The board at a past moment on SQLite: the newest snapshot whose last folded update is at
 * or before the moment (index doc_snapshots_board_upto_at), plus the log after it up to
 * the moment. Logged times follow seq (store/commitTimes.ts), so that is exactly the updates
 * at or before the moment, whichever snapshot is kept. Snapshots keep their `upto_at`
 * (migration 007); older ones are thinned (store/snapshotRetention.ts), which leaves a nearest
 * one for every moment, never far before it.
 */
import type Database from 'better-sqlite3';
import type { LoadedDocument } from '../Store';
import { toBuffer, toBytes, type UpdateRow } from './rows';

export function listUpdateTimes(db: Database.Database, boardId: string, limit: number): string[] {
  const rows = db.prepare('SELECT DISTINCT at FROM doc_updates WHERE board_id = ? ORDER BY at DESC LIMIT ?').all(boardId, limit) as { at: string }[];
  return rows.map((row) => row.at).reverse();
}

/** With `history`, the snapshot's history form is read instead of its full state when it is kept. */
export function loadDocumentAt(db: Database.Database, boardId: string, at: string, history = false): LoadedDocument {
  const read = db.transaction((): LoadedDocument => {
    const state = history ? 'COALESCE(history_state, state) AS state, history_state IS NOT NULL AS history' : 'state, 0 AS history';
    const snap = db
      .prepare(`SELECT upto_seq, ${state} FROM doc_snapshots WHERE board_id = ? AND upto_at <= ? ORDER BY upto_at DESC, upto_seq DESC LIMIT 1`)
      .get(boardId, at) as { upto_seq: number; state: Buffer; history: number } | undefined;
    const snapshotSeq = snap?.upto_seq ?? 0;
    const rows = db
      .prepare('SELECT seq, "update", user_id, at FROM doc_updates INDEXED BY doc_updates_board_seq_at WHERE board_id = ? AND seq > ? AND at <= ? ORDER BY seq')
      .all(boardId, snapshotSeq, at) as UpdateRow[];
    return {
      snapshot: snap ? toBytes(snap.state) : null,
      snapshotSeq,
      updates: rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at })),
      ...(snap?.history ? { historySnapshot: true } : {}),
    };
  });
  return read.deferred();
}

export function writeHistorySnapshot(db: Database.Database, boardId: string, uptoSeq: number, historyState: Uint8Array): void {
  db.prepare('UPDATE doc_snapshots SET history_state = ? WHERE board_id = ? AND upto_seq = ?').run(toBuffer(historyState), boardId, uptoSeq);
}
