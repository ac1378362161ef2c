/**
 * Which of a board's snapshots to keep, one rule for every store.
 *
 * A snapshot is a whole copy of the document (every overwritten value included), written at
 * each compaction; keeping them all made a year of edits on 200 deals 19 GB for 81 MB of log.
 * History only needs, for any moment, a snapshot not far before it: the board at a moment is
 * the nearest kept snapshot plus the log after it (store/sqlite/history.ts). So a snapshot is
 * dropped when replaying the log from the kept snapshot before it to the snapshot after it
 * costs less than loading that earlier snapshot (a byte of log costs LOG_BYTE_COST bytes of
 * snapshot): a past state then costs under about two loads, and the kept snapshots hold a
 * few times the log's bytes (a growing document keeps a roughly geometric series of them).
 * The earliest and the latest are always kept (load and compaction start from the latest).
 * The log itself is never dropped.
 */

/** A snapshot as the rule weighs it. */
export interface SnapshotSpan {
  /** The seq of the last update folded in. */
  seq: number;
  /** What a read of the board at a moment decodes from it: its history form when kept, else its state. */
  bytes: number;
  /** Bytes of the board's log up to and including `seq`. */
  logBytes: number;
}

/**
 * What replaying a byte of log costs, in bytes of snapshot decoded: measured 1.7 on the history
 * bench's board (each update is decoded twice, checked by replaysExactly and then applied).
 */
export const LOG_BYTE_COST = 2;

/**
 * How many snapshots one snapshot write drops at most, so a board left with thousands (written
 * before this rule) is thinned over several compactions instead of in one long stretch.
 */
export const MAX_DROPS_PER_WRITE = 32;

/** The seqs of the snapshots to drop, oldest first. */
export function snapshotsToDrop(spans: readonly SnapshotSpan[]): number[] {
  const sorted = [...spans].sort((a, b) => a.seq - b.seq);
  const drop: number[] = [];
  let kept = sorted[0];
  for (let i = 1; kept && i < sorted.length - 1; i++) {
    const span = sorted[i]!;
    const next = sorted[i + 1]!;
    // Without `span`, a moment before `next` replays the log from `kept`: drop it when that is cheaper than loading `kept`.
    if ((next.logBytes - kept.logBytes) * LOG_BYTE_COST < kept.bytes) drop.push(span.seq);
    else kept = span;
  }
  return drop;
}
