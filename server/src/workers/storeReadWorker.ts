/** Worker thread entry: reads a big board's stored document (see readLoadedDocument) off the event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { readLoadedDocument } from './readStoredParts';
import { transferable } from './runWorker';

const loaded = readLoadedDocument(workerData as { file: string; boardId: string });
parentPort?.postMessage(loaded, transferable(loaded.snapshot, ...loaded.updates.map((u) => u.update)));
