/**
 * Snapshot bookkeeping on SQLite: when a compaction is due (store/snapshotDue.ts), each
 * snapshot's bytes of log (table snapshot_log_bytes), and thinning the snapshots
 * (store/snapshotRetention.ts). Runs on the server's connection, inside the caller's
 * transaction; every read here is of lengths (SQLite's length() of a blob reads only the row
 * header) or of the log since the previous snapshot.
 */
import type Database from 'better-sqlite3';
import { snapshotDue } from '../snapshotDue';
import { snapshotsToDrop, type SnapshotSpan } from '../snapshotRetention';

/** True when the log after the board's latest snapshot, up to `uptoSeq`, is worth a new snapshot. */
export function compactionDue(db: Database.Database, boardId: string, uptoSeq: number): boolean {
  const latest = db.prepare('SELECT upto_seq, length(state) AS bytes FROM doc_snapshots WHERE board_id = ? ORDER BY upto_seq DESC LIMIT 1').get(boardId) as
    { upto_seq: number; bytes: number } | undefined;
  return snapshotDue(latest?.bytes ?? 0, logBytesBetween(db, boardId, latest?.upto_seq ?? 0, uptoSeq));
}

function logBytesBetween(db: Database.Database, boardId: string, afterSeq: number, uptoSeq: number): number {
  const row = db
    .prepare('SELECT COALESCE(SUM(length("update")), 0) AS bytes FROM doc_updates WHERE board_id = ? AND seq > ? AND seq <= ?')
    .get(boardId, afterSeq, uptoSeq) as { bytes: number };
  return row.bytes;
}

/** Records the bytes of log up to the snapshot at `uptoSeq` (just written): the previous snapshot's count plus the log since it. */
export function recordLogBytes(db: Database.Database, boardId: string, uptoSeq: number): void {
  const previous = db
    .prepare('SELECT upto_seq, log_bytes FROM snapshot_log_bytes WHERE board_id = ? AND upto_seq < ? ORDER BY upto_seq DESC LIMIT 1')
    .get(boardId, uptoSeq) as { upto_seq: number; log_bytes: number } | undefined;
  const logBytes = (previous?.log_bytes ?? 0) + logBytesBetween(db, boardId, previous?.upto_seq ?? 0, uptoSeq);
  db.prepare(
    `INSERT INTO snapshot_log_bytes (board_id, upto_seq, log_bytes) VALUES (?, ?, ?)
     ON CONFLICT (board_id, upto_seq) DO UPDATE SET log_bytes = excluded.log_bytes`,
  ).run(boardId, uptoSeq, logBytes);
}

/** The board's snapshots as the retention rule weighs them, oldest first. */
function spansOf(db: Database.Database, boardId: string): SnapshotSpan[] {
  return db
    .prepare(
      `SELECT s.upto_seq AS seq, COALESCE(length(s.history_state), length(s.state)) AS bytes, l.log_bytes AS logBytes
       FROM doc_snapshots s JOIN snapshot_log_bytes l ON l.board_id = s.board_id AND l.upto_seq = s.upto_seq
       WHERE s.board_id = ? ORDER BY s.upto_seq`,
    )
    .all(boardId) as SnapshotSpan[];
}

/**
 * Drops the oldest snapshot the retention rule lets go; false when there is none. One per
 * transaction: freeing a 37 MB snapshot's pages takes 20-50 ms of the event loop.
 */
export function dropOneSnapshot(db: Database.Database, boardId: string): boolean {
  return db
    .transaction((): boolean => {
      const [seq] = snapshotsToDrop(spansOf(db, boardId));
      if (seq === undefined) return false;
      db.prepare('DELETE FROM doc_snapshots WHERE board_id = ? AND upto_seq = ?').run(boardId, seq);
      return true;
    })
    .immediate();
}
