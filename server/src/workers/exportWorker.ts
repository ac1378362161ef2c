/** Worker thread entry: renders one board export (see renderExport) off the event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { renderExport, type ExportJob } from './renderExport';

const rendered = renderExport(workerData as ExportJob);
parentPort?.postMessage(rendered, [rendered.body.buffer as ArrayBuffer]);
