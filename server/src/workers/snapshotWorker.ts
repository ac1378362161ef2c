/**
 * Worker thread entry: reads a board's stored parts from its SQLite file (see
 * readStoredParts), builds one merged snapshot (see buildSnapshot) off the server's event
 * loop and posts it back, transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot } from './buildSnapshot';
import { readStoredParts, type StoredPartsQuery } from './readStoredParts';

const state = buildSnapshot(readStoredParts(workerData as StoredPartsQuery));
parentPort?.postMessage(state, [state.buffer as ArrayBuffer]);
