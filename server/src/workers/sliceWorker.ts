/**
 * Worker thread entry: re-slices a big board's committed state (its slices and the commits
 * after them, see sync/committedState.ts) off the event loop, into slices of one document
 * (stateSlices.ts) as sync update messages, posted back transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { docFromLog } from './docFromLog';
import { encodeStateAsSlices } from './stateSlices';
import { encodeSyncUpdate } from '../sync/protocol';

const doc = docFromLog({ snapshot: null, updates: workerData as Uint8Array[] });
const frames = encodeStateAsSlices(doc).map(encodeSyncUpdate);
parentPort?.postMessage(frames, [...new Set(frames.map((frame) => frame.buffer as ArrayBuffer))]);
