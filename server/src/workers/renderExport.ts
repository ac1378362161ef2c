/**
 * A board export rendered from the stored document: the snapshot and log are applied to a
 * fresh Y.Doc, read with the same readers as the board, and serialised to bytes. Runs in
 * the request for small boards and in the export worker thread for large ones.
 */
import { exportBoard, toCsv } from '../http/exportFormat';
import { docFromLog, type StoredParts } from './docFromLog';

export interface ExportJob extends StoredParts {
  boardId: string;
  format: 'json' | 'csv';
  exportedAt: string;
}

export interface RenderedExport {
  /** The board's name in the document (for the file name). */
  boardName: string;
  body: Uint8Array;
}

export function renderExport(job: ExportJob): RenderedExport {
  const doc = docFromLog(job);
  try {
    const data = exportBoard(doc);
    const text = job.format === 'csv' ? toCsv(data.deals) : JSON.stringify({ id: job.boardId, exportedAt: job.exportedAt, ...data });
    return { boardName: data.board.name, body: new TextEncoder().encode(text) };
  } finally {
    doc.destroy();
  }
}
