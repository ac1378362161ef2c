/**
 * Worker thread entry: prepares one board load (see prepareLoad) off the server's event loop.
 * Posts two messages: the slices as soon as they are known exact (transferred: clients are
 * answered from them at once), or null when they are not; then the rest of the load.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLoad, type LoadJob } from './prepareLoad';

const transfer = (slices: Uint8Array[]) => [...new Set(slices.map((bytes) => bytes.buffer as ArrayBuffer))];
let sent = false;
const prepared = prepareLoad(workerData as LoadJob, (slices) => {
  sent = true;
  parentPort?.postMessage({ early: slices }, transfer(slices));
});
if (!sent) parentPort?.postMessage({ early: null });
parentPort?.postMessage({ ...prepared, slices: sent ? [] : prepared.slices }, sent ? [] : transfer(prepared.slices));
