/**
 * Worker thread entry: prepares one board load (see prepareLoad) off the server's event loop.
 * Posts two messages: the slices' sync messages as soon as they are known exact (transferred: clients are
 * answered from them at once), or null when they are not; then the rest of the load.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLoad, type LoadJob } from './prepareLoad';

const transfer = (frames: Uint8Array[]) => [...new Set(frames.map((bytes) => bytes.buffer as ArrayBuffer))];
let sent = false;
const prepared = prepareLoad(workerData as LoadJob, (frames) => {
  sent = true;
  parentPort?.postMessage({ early: frames }, transfer(frames));
});
if (!sent) parentPort?.postMessage({ early: null });
parentPort?.postMessage({ ...prepared, frames: sent ? [] : prepared.frames }, sent ? [] : transfer(prepared.frames));
