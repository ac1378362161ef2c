/**
 * The snapshot retention rule (server/src/store/snapshotRetention.ts) and the compaction
 * trigger (server/src/store/snapshotDue.ts), as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { LOG_BYTE_COST, snapshotsToDrop, type SnapshotSpan } from '../../../server/src/store/snapshotRetention';
import { SNAPSHOT_TAIL_FRACTION, snapshotDue } from '../../../server/src/store/snapshotDue';

/** Snapshots after every `gap(i)` bytes of log, the i-th `bytes(i)` big (seq = i + 1). */
function spans(count: number, gap: (i: number) => number, bytes: (i: number) => number): SnapshotSpan[] {
  let logBytes = 0;
  return Array.from({ length: count }, (_, i) => ({ seq: i + 1, bytes: bytes(i), logBytes: (logBytes += gap(i)) }));
}

/** The spans left once `drop` is applied. */
const keptOf = (all: readonly SnapshotSpan[], drop: readonly number[]) => all.filter((s) => !drop.includes(s.seq));

/** Three 100-byte snapshots, the log up to each given. */
const three = (a: number, b: number, c: number): SnapshotSpan[] => [
  { seq: 10, bytes: 100, logBytes: a },
  { seq: 20, bytes: 100, logBytes: b },
  { seq: 30, bytes: 100, logBytes: c },
];

describe('snapshotsToDrop', () => {
  it('keeps one or two snapshots whatever they weigh', () => {
    const heavy = () => 1e9;
    const thin = () => 1;
    expect(snapshotsToDrop([])).toEqual([]);
    expect(snapshotsToDrop(spans(1, thin, heavy))).toEqual([]);
    expect(snapshotsToDrop(spans(2, thin, heavy))).toEqual([]);
  });

  it('drops a snapshot when replaying the log from the one before it to the one after costs less than loading the one before', () => {
    expect(LOG_BYTE_COST).toBe(2);
    // 20 + 29 bytes of log from the first to the third cost 98 bytes of snapshot: less than the first's 100.
    expect(snapshotsToDrop(three(10, 30, 59))).toEqual([20]);
    // 40 + 10 bytes cost 100, a load of the first: the middle one stays.
    expect(snapshotsToDrop(three(10, 50, 60))).toEqual([]);
    // Unsorted input is weighed in seq order.
    expect(snapshotsToDrop([...three(10, 30, 59)].reverse())).toEqual([20]);
  });

  it('keeps the earliest and the latest, and between kept neighbours less log than the earlier one costs to load', () => {
    // A growing document compacted every 80 bytes of log: the 1,000-snapshot history of the bench in small.
    const all = spans(
      1_000,
      () => 80,
      (i) => 500 + i * 30,
    );
    const kept = keptOf(all, snapshotsToDrop(all));
    expect(kept[0]!.seq).toBe(1);
    expect(kept[kept.length - 1]!.seq).toBe(1_000);
    expect(kept.length).toBeLessThan(100);
    for (let k = 1; k < kept.length; k++) {
      const [before, after] = [kept[k - 1]!, kept[k]!];
      // A moment between them replays log that costs less than loading `before`...
      if (after.seq - before.seq > 1) expect((after.logBytes - before.logBytes) * LOG_BYTE_COST).toBeLessThan(before.bytes);
      // ...and no kept snapshot could go: the log from its kept predecessor to the snapshot after it costs at least that predecessor.
      if (k < kept.length - 1) expect((all[after.seq]!.logBytes - before.logBytes) * LOG_BYTE_COST).toBeGreaterThanOrEqual(before.bytes);
    }
    // What is kept weighs a few times the log (a geometric series for a growing document), not 1,000 copies.
    const keptBytes = kept.reduce((sum, s) => sum + s.bytes, 0);
    const allBytes = all.reduce((sum, s) => sum + s.bytes, 0);
    expect(keptBytes).toBeLessThan(2 * LOG_BYTE_COST * all[all.length - 1]!.logBytes);
    expect(keptBytes).toBeLessThan(allBytes / 10);
  });

  it('keeps every snapshot when the log between them outweighs them', () => {
    const gap = () => 250;
    const bytes = () => 500;
    expect(snapshotsToDrop(spans(50, gap, bytes))).toEqual([]);
  });

  it('gives the same answer when applied a few drops at a time, and nothing more once applied', () => {
    const all = spans(
      400,
      (i) => 10 + ((i * 37) % 200),
      (i) => 100 + ((i * 53) % 900) + i * 5,
    );
    const once = snapshotsToDrop(all);
    expect(once.length).toBeGreaterThan(100);
    let left = all;
    for (let step = 0; step < 1_000; step++) {
      const next = snapshotsToDrop(left).slice(0, 7);
      if (next.length === 0) break;
      left = keptOf(left, next);
    }
    expect(left).toEqual(keptOf(all, once));
    expect(snapshotsToDrop(left)).toEqual([]);
    // A new latest snapshot only ever adds the previous latest as a candidate.
    const grown = [...left, { seq: 401, bytes: 10, logBytes: all[399]!.logBytes + 1 }];
    expect(snapshotsToDrop(grown).every((seq) => seq === 400)).toBe(true);
  });
});

describe('snapshotDue', () => {
  it('is due once the log after the latest snapshot holds its share of that snapshot', () => {
    expect(SNAPSHOT_TAIL_FRACTION).toBe(0.1);
    expect(snapshotDue(0, 1)).toBe(true); // the first snapshot
    expect(snapshotDue(0, 0)).toBe(false);
    expect(snapshotDue(27_000_000, 80_000)).toBe(false); // 500 small updates on a 27 MB document
    expect(snapshotDue(27_000_000, 2_699_999)).toBe(false);
    expect(snapshotDue(27_000_000, 2_700_000)).toBe(true);
    expect(snapshotDue(20_000, 80_000)).toBe(true); // a small board: as before, every compaction
  });
});
