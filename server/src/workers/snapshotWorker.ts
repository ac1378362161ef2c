/**
 * Worker thread entry: builds one merged snapshot (see buildSnapshot) off the server's
 * event loop and posts it back, transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot } from './buildSnapshot';
import type { StoredParts } from './docFromLog';

const state = buildSnapshot(workerData as StoredParts);
parentPort?.postMessage(state, [state.buffer as ArrayBuffer]);
