/**
 * Worker thread entry: builds one merged snapshot and its history form (see buildSnapshot) off the server's
 * event loop and posts it back, transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshotPair } from './buildSnapshot';
import type { StoredParts } from './docFromLog';

const pair = buildSnapshotPair(workerData as StoredParts);
parentPort?.postMessage(pair, [pair.state.buffer as ArrayBuffer, pair.history.buffer as ArrayBuffer]);
