/**
 * Runs one job in a fresh worker thread, so heavy document work (encoding a snapshot,
 * rendering an export of a 50,000-deal board) never blocks the event loop every board
 * shares. One worker per job: a job is rare (every `compactEvery` updates, or an export)
 * and its memory is returned when the thread ends. At most `MAX_WORKERS` run at once, so
 * they never take every core from the thread serving sockets.
 *
 * Worker files sit next to this module: `snapshotWorker.ts` in the source (loaded through
 * tsx, as in tests and `npm run dev`), `snapshotWorker.js` in the esbuild bundle (dist/server).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Semaphore } from '../auth/semaphore';
import { workerJobs } from '../metrics/metrics';

export type WorkerName = 'snapshotWorker' | 'exportWorker' | 'loadWorker' | 'storeReadWorker' | 'sliceWorker';

const MAX_WORKERS = 1;
const slots = new Semaphore(MAX_WORKERS);
const extension = path.extname(fileURLToPath(import.meta.url));

/**
 * Posts `input` to a new `name` worker and resolves with the one message it answers.
 * `transfer` lists buffers handed over instead of copied (they are unusable here after).
 * With `early`, the worker may post messages `{ early: … }` before its answer, and `early` hears each.
 */
export function runWorker<Output>(name: WorkerName, input: unknown, transfer: ArrayBuffer[] = [], early?: (message: unknown) => void): Promise<Output> {
  return slots.run(
    () =>
      new Promise<Output>((resolve, reject) => {
        const file = new URL(`./${name}${extension}`, import.meta.url);
        const options = { workerData: input, transferList: transfer };
        const worker = extension === '.ts' ? new Worker(throughTsx(file), { ...options, eval: true }) : new Worker(file, options);
        let answered = false;
        worker.on('message', (output: Output) => {
          if (early && output !== null && typeof output === 'object' && 'early' in output) {
            early(output);
            return;
          }
          answered = true;
          workerJobs.inc({ worker: name, outcome: 'ok' });
          resolve(output);
        });
        worker.once('error', (error) => {
          answered = true;
          workerJobs.inc({ worker: name, outcome: 'failed' });
          reject(error);
        });
        worker.once('exit', (code) => {
          if (answered) return;
          workerJobs.inc({ worker: name, outcome: 'failed' });
          reject(new Error(`${name} exited with code ${code} before answering`));
        });
      }),
  );
}

/**
 * Source for a worker that loads a TypeScript file: Node 20 does not carry the parent's
 * tsx loader into worker threads, so the thread registers it before importing the file
 * (tsx resolves from the working directory: the repository, in tests and `npm run dev`).
 */
function throughTsx(file: URL): string {
  return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`;
}

/**
 * The buffers of `bytes` that can be moved to a worker instead of copied: only views that
 * span their whole buffer (a pooled Buffer's memory is shared with others). Pass only
 * bytes loaded for the job: they are unusable here afterwards.
 */
export function transferable(...bytes: (Uint8Array | null)[]): ArrayBuffer[] {
  const whole = bytes.flatMap((b) => (b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : []));
  return [...new Set(whole)];
}
