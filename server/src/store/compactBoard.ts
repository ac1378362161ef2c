/**
 * Compaction: folds a board's log up to `uptoSeq` into a new snapshot, built from the
 * store (the previous snapshot plus the log after it), never from a process's memory. The
 * merge runs in a worker thread, so a 50,000-deal board's snapshot does not stall the
 * event loop; the log itself is kept (history reads it).
 *
 * @example await compactBoard(store, boardId, room.lastSeq) // { bytes: 81_234_567 } or null
 */
import type { Store } from './Store';
import { runWorker, transferable } from '../workers/runWorker';
import { documentBytes, snapshotSeconds } from '../metrics/metrics';

/** Resolves with the snapshot's size, or null when the latest snapshot already covers `uptoSeq`. */
export async function compactBoard(store: Store, boardId: string, uptoSeq: number): Promise<{ bytes: number } | null> {
  const loaded = await store.loadDocument(boardId);
  if (loaded.snapshotSeq >= uptoSeq) return null;
  const stopTimer = snapshotSeconds.startTimer();
  const updates = loaded.updates.filter((u) => u.seq <= uptoSeq).map((u) => u.update);
  const state = await runWorker<Uint8Array>('snapshotWorker', { snapshot: loaded.snapshot, updates }, transferable(loaded.snapshot, ...updates));
  await store.writeSnapshot(boardId, uptoSeq, state);
  stopTimer();
  documentBytes.observe(state.byteLength);
  return { bytes: state.byteLength };
}
