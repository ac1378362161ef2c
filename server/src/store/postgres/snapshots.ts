/**
 * Snapshot bookkeeping on PostgreSQL, as store/sqlite/snapshots.ts does it on SQLite: when a
 * compaction is due (store/snapshotDue.ts), each snapshot's bytes of log (table
 * snapshot_log_bytes), and thinning the snapshots (store/snapshotRetention.ts). Runs inside
 * the caller's transaction, which holds the board's compaction lock (PostgresStore); length()
 * of a bytea reads its TOAST header only, not the value.
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

/**
 * Records the bytes of log up to each of the board's snapshots that has none yet: the one
 * just written, and on a board upgraded from before migration 009 every snapshot it kept
 * (the migration sums no log: its transaction locks snapshot writes of every board). Each
 * count is the previous snapshot's plus the log between the two, so a board's first write
 * after the upgrade reads its log's lengths once, under that board's compaction lock only.
 */
export async function recordLogBytes(client: Queryable, boardId: string): Promise<void> {
  const snapshots = (
    await client.query<{ seq: number; log_bytes: number | null }>(
      `SELECT s.upto_seq AS seq, l.log_bytes FROM doc_snapshots s LEFT JOIN snapshot_log_bytes l ON l.board_id = s.board_id AND l.upto_seq = s.upto_seq
       WHERE s.board_id = $1 ORDER BY s.upto_seq`,
      [boardId],
    )
  ).rows;
  const spans: Array<{ from: number; upto: number }> = [];
  snapshots.forEach((s, i) => {
    if (s.log_bytes === null) spans.push({ from: snapshots[i - 1]?.seq ?? 0, upto: s.seq });
  });
  if (spans.length === 0) return;
  const sums = new Map<number, number>();
  for (const row of (
    await client.query<{ upto: number; bytes: number }>(
      `SELECT m.upto, (SELECT COALESCE(SUM(length(u."update")), 0) FROM doc_updates u WHERE u.board_id = $1 AND u.seq > m.from AND u.seq <= m.upto)::bigint AS bytes
       FROM unnest($2::bigint[], $3::bigint[]) AS m("from", upto)`,
      [boardId, spans.map((s) => s.from), spans.map((s) => s.upto)],
    )
  ).rows)
    sums.set(row.upto, row.bytes);
  let total = 0;
  const filled: Array<{ seq: number; logBytes: number }> = [];
  for (const s of snapshots) {
    total = s.log_bytes ?? total + sums.get(s.seq)!;
    if (s.log_bytes === null) filled.push({ seq: s.seq, logBytes: total });
  }
  await client.query(
    `INSERT INTO snapshot_log_bytes (board_id, upto_seq, log_bytes) SELECT $1, t.seq, t.bytes FROM unnest($2::bigint[], $3::bigint[]) AS t(seq, bytes)
     ON CONFLICT (board_id, upto_seq) DO UPDATE SET log_bytes = excluded.log_bytes`,
    [boardId, filled.map((f) => f.seq), filled.map((f) => f.logBytes)],
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
