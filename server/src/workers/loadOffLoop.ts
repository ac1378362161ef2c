/**
 * Prepares a board load (see prepareLoad) in a worker thread when the stored board is large,
 * so opening a 10,000-deal board does not stall every other board on the process while its
 * log is merged, checked and re-encoded. Small boards are prepared in place: a thread's
 * start-up would cost more than the work.
 */
import type { LoadedDocument } from '../store/Store';
import { prepareLoad, type EarlyState, type LoadJob, type PreparedLoad } from './prepareLoad';
import { runWorker } from './runWorker';

/** Stored boards larger than this are prepared in a worker thread. */
export const WORKER_LOAD_BYTES = 256 * 1024;

type EarlyMessage = { frames: Uint8Array[] } | { stateMessage: Uint8Array };

/**
 * The parts are copied to the worker (a memcpy), not moved: a board that must be repaired
 * reads them again. `early` hears the exact state first, before the rest is ready.
 */
export async function prepareLoadOffLoop(loaded: LoadedDocument, early?: EarlyState): Promise<PreparedLoad> {
  const job: LoadJob = { snapshot: loaded.snapshot, updates: loaded.updates.map(({ update, userId }) => ({ update, userId })) };
  const bytes = (job.snapshot?.byteLength ?? 0) + job.updates.reduce((sum, u) => sum + u.update.byteLength, 0);
  if (bytes < WORKER_LOAD_BYTES) return prepareLoad(job, early);
  const heard: { frames?: Uint8Array[]; stateMessage?: Uint8Array } = {};
  const prepared = await runWorker<PreparedLoad>('loadWorker', job, [], (message) => {
    const part = (message as { early: EarlyMessage }).early;
    if ('frames' in part) early?.frames((heard.frames = part.frames));
    else early?.state((heard.stateMessage = part.stateMessage));
  });
  return { ...prepared, ...heard };
}
