/**
 * When a compaction is worth writing a snapshot, one rule for every store.
 *
 * A snapshot is the whole document: on a 27 MB board, writing one every 500 updates (80 KB of
 * log) wrote 37 MB per 80 KB. A room asks for one every `compactEvery` updates; the store
 * writes it only once the log after the latest snapshot holds at least SNAPSHOT_TAIL_FRACTION
 * of that snapshot's bytes. A cold load then replays at most that fraction of the snapshot on
 * top of it (replaying a byte of log costs about what decoding a byte of snapshot does), and a
 * snapshot write costs at most about 1 / SNAPSHOT_TAIL_FRACTION times the log it folds in
 * (times 1.4 with its history form). Small boards are unchanged: 500 updates outweigh them.
 */

/** The log after the latest snapshot, as a share of that snapshot's bytes, that makes a new one due. */
export const SNAPSHOT_TAIL_FRACTION = 0.1;

/** @param snapshotBytes the latest snapshot's full state (0 when there is none) @param tailBytes the log after it */
export function snapshotDue(snapshotBytes: number, tailBytes: number): boolean {
  return tailBytes > 0 && tailBytes >= snapshotBytes * SNAPSHOT_TAIL_FRACTION;
}
