/**
 * Snapshot bookkeeping on PostgreSQL, as store/sqlite/snapshots.ts does it on SQLite: when a
 * compaction is due (store/snapshotDue.ts), each snapshot's bytes of log (table
 * snapshot_log_bytes), and thinning the snapshots (store/snapshotRetention.ts). Runs inside
 * the caller's transaction; length() of a bytea reads its TOAST header only, not the value.
 */
import { snapshotDue } from '../snapshotDue';
import { MAX_DROPS_PER_WRITE, snapshotsToDrop, type SnapshotSpan } from '../snapshotRetention';
import type { Queryable } from './database';

async function logBytesBetween(client: Queryable, boardId: string, afterSeq: number, uptoSeq: number): Promise<number> {
  const result = await client.query<{ bytes: number }>(
    'SELECT COALESCE(SUM(length("update")), 0)::bigint AS bytes FROM doc_updates WHERE board_id = $1 AND seq > $2 AND seq <= $3',
    [boardId, afterSeq, uptoSeq],
  );
  return result.rows[0]?.bytes ?? 0;
}

/** True when the log after the latest snapshot (`latest`: its seq and state bytes), up to `uptoSeq`, is worth a new snapshot. */
export async function compactionDue(client: Queryable, boardId: string, latest: { seq: number; bytes: number } | null, uptoSeq: number): Promise<boolean> {
  return snapshotDue(latest?.bytes ?? 0, await logBytesBetween(client, boardId, latest?.seq ?? 0, uptoSeq));
}

/** Records the bytes of log up to the snapshot at `uptoSeq` (just written): the previous snapshot's count plus the log since it. */
export async function recordLogBytes(client: Queryable, boardId: string, uptoSeq: number): Promise<void> {
  const previous = (
    await client.query<{ upto_seq: number; log_bytes: number }>(
      'SELECT upto_seq, log_bytes FROM snapshot_log_bytes WHERE board_id = $1 AND upto_seq < $2 ORDER BY upto_seq DESC LIMIT 1',
      [boardId, uptoSeq],
    )
  ).rows[0];
  const logBytes = (previous?.log_bytes ?? 0) + (await logBytesBetween(client, boardId, previous?.upto_seq ?? 0, uptoSeq));
  await client.query(
    `INSERT INTO snapshot_log_bytes (board_id, upto_seq, log_bytes) VALUES ($1, $2, $3)
     ON CONFLICT (board_id, upto_seq) DO UPDATE SET log_bytes = excluded.log_bytes`,
    [boardId, uptoSeq, logBytes],
  );
}

/** Drops the snapshots the retention rule lets go, the oldest MAX_DROPS_PER_WRITE of them. */
export async function thinSnapshots(client: Queryable, boardId: string): Promise<void> {
  const spans = await client.query<SnapshotSpan>(
    `SELECT s.upto_seq AS seq, COALESCE(length(s.history_state), length(s.state))::bigint AS bytes, l.log_bytes AS "logBytes"
     FROM doc_snapshots s JOIN snapshot_log_bytes l ON l.board_id = s.board_id AND l.upto_seq = s.upto_seq
     WHERE s.board_id = $1 ORDER BY s.upto_seq`,
    [boardId],
  );
  const drop = snapshotsToDrop(spans.rows).slice(0, MAX_DROPS_PER_WRITE);
  if (drop.length > 0) await client.query('DELETE FROM doc_snapshots WHERE board_id = $1 AND upto_seq = ANY($2::bigint[])', [boardId, drop]);
}
