/**
 * Worker thread entry: prepares one board load (see prepareLoad) off the server's event loop.
 * Posts the stored state as soon as it is known exact, in two early messages (transferred:
 * clients are answered from them at once): `{ early: { stateMessage } }` then `{ early: { frames } }`;
 * then the rest of the load, without what went early.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLoad, type LoadJob } from './prepareLoad';

const buffers = (bytes: Uint8Array[]) => [...new Set(bytes.map((b) => b.buffer as ArrayBuffer))];
let sent = false;
const prepared = prepareLoad(workerData as LoadJob, {
  state(stateMessage) {
    sent = true;
    parentPort?.postMessage({ early: { stateMessage } }, buffers([stateMessage]));
  },
  frames(frames) {
    parentPort?.postMessage({ early: { frames } }, buffers(frames));
  },
});
const rest = sent ? { ...prepared, frames: [], stateMessage: new Uint8Array() } : prepared;
parentPort?.postMessage(rest, sent ? [] : buffers([...prepared.frames, prepared.stateMessage]));
