/** Worker thread entry: prepares one board load (see prepareLoad) off the server's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLoad, type LoadJob } from './prepareLoad';

const prepared = prepareLoad(workerData as LoadJob);
const buffers = new Set([prepared.state, ...prepared.slices].map((bytes) => bytes.buffer as ArrayBuffer));
parentPort?.postMessage(prepared, [...buffers]);
