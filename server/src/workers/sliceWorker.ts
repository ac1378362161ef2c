/**
 * Worker thread entry: re-slices a big board's committed state (its slices and the commits
 * after them, see sync/committedState.ts) off the event loop, into slices of one document
 * (stateSlices.ts), posted back transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { docFromLog } from './docFromLog';
import { encodeStateAsSlices } from './stateSlices';

const doc = docFromLog({ snapshot: null, updates: workerData as Uint8Array[] });
const slices = encodeStateAsSlices(doc);
parentPort?.postMessage(slices, [...new Set(slices.map((slice) => slice.buffer as ArrayBuffer))]);
