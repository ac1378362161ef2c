/**
 * Worker thread entry: reads a board's stored parts from its SQLite file (see
 * readStoredParts), builds one merged snapshot and its history form (see buildSnapshot) off
 * the server's event loop and posts them back, transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshotPair } from './buildSnapshot';
import { readStoredParts, type StoredPartsQuery } from './readStoredParts';

const pair = buildSnapshotPair(readStoredParts(workerData as StoredPartsQuery));
parentPort?.postMessage(pair, [pair.state.buffer as ArrayBuffer, pair.history.buffer as ArrayBuffer]);
