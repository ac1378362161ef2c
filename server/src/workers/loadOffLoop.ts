/**
 * Prepares a board load (see prepareLoad) in a worker thread when the stored board is large,
 * so opening a 10,000-deal board does not stall every other board on the process while its
 * log is merged, checked and re-encoded. Small boards are prepared in place: a thread's
 * start-up would cost more than the work.
 */
import type { LoadedDocument } from '../store/Store';
import { prepareLoad, type LoadJob, type OnFrames, type PreparedLoad } from './prepareLoad';
import { runWorker } from './runWorker';

/** Stored boards larger than this are prepared in a worker thread. */
export const WORKER_LOAD_BYTES = 256 * 1024;

/**
 * The parts are copied to the worker (a memcpy), not moved: a board that must be repaired
 * reads them again. `onFrames` hears the exact slices first, before the rest is ready.
 */
export async function prepareLoadOffLoop(loaded: LoadedDocument, onFrames?: OnFrames): Promise<PreparedLoad> {
  const job: LoadJob = { snapshot: loaded.snapshot, updates: loaded.updates.map(({ update, userId }) => ({ update, userId })) };
  const bytes = (job.snapshot?.byteLength ?? 0) + job.updates.reduce((sum, u) => sum + u.update.byteLength, 0);
  if (bytes < WORKER_LOAD_BYTES) return prepareLoad(job, onFrames);
  let early: Uint8Array[] | null = null;
  const prepared = await runWorker<PreparedLoad>('loadWorker', job, [], (message) => {
    early = (message as { early: Uint8Array[] | null }).early;
    if (early) onFrames?.(early);
  });
  return early ? { ...prepared, frames: early } : prepared;
}
