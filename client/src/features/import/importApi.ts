/**
 * Sends a CSV to `POST /api/boards/:id/import` (dry run or confirmed) with XMLHttpRequest, so
 * the upload of a large file can drive a progress bar.
 */
import type { ColumnMapping } from '../../../../shared/src/import/fields';
import type { ImportError } from '../../../../shared/src/import/plan';

export interface ImportAnswer {
  dryRun: boolean;
  created: number;
  updated: number;
  skipped: number;
  errors: ImportError[];
  newStages?: string[];
  /** A dry run: rows whose deal becomes part of a round, with the round's title. */
  parts?: Array<{ row: number; round: string }>;
  stagesCreated?: string[];
  /** A confirmed import that changed anything: what undo takes. */
  importId?: string | null;
}

export function sendImport(
  boardId: string,
  csv: string,
  mapping: ColumnMapping,
  dryRun: boolean,
  onProgress: (fraction: number) => void,
): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ mapping: JSON.stringify(mapping), ...(dryRun ? { dryRun: '1' } : {}) });
    xhr.open('POST', `/api/boards/${encodeURIComponent(boardId)}/import?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The server could not be reached'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status === 200) resolve(body as ImportAnswer);
      else reject(new Error((body as { error?: { message?: string } } | null)?.error?.message ?? `The import failed (${xhr.status})`));
    };
    xhr.send(csv);
  });
}
