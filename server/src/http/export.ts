/**
 * Board export as JSON or CSV (see exportFormat for what it holds). Rendered from what the
 * store holds (everything anyone has seen is committed there), in the request for a small
 * board and in a worker thread for a large one, so exporting a 50,000-deal board never
 * stalls the other boards on the event loop.
 */
import { Router, type Response } from 'express';
import * as Y from 'yjs';
import { z } from 'zod';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { renderExport, type ExportJob, type RenderedExport } from '../workers/renderExport';
import { runWorker, transferable } from '../workers/runWorker';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { parseQuery } from './validate';
import { loadBoardAt } from '../history/boardAt';
import { momentSchema } from '../history/moment';

export { csvCell, exportBoard, toCsv, type ExportedDeal } from './exportFormat';

export interface ExportRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
}

/** Stored boards larger than this are rendered in a worker thread (a few ms of work below it). */
export const WORKER_EXPORT_BYTES = 256 * 1024;

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

const exportQuery = z.object({ at: momentSchema.optional() });

function fileName(name: string, extension: string): string {
  const safe =
    name
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || 'board';
  return `${safe}.${extension}`;
}

async function render(store: Store, boardId: string, format: ExportJob['format'], at?: string): Promise<RenderedExport> {
  const job: ExportJob = { boardId, format, exportedAt: new Date().toISOString(), ...(await storedParts(store, boardId, at)) };
  const bytes = (job.snapshot?.byteLength ?? 0) + job.updates.reduce((sum, u) => sum + u.byteLength, 0);
  if (bytes < WORKER_EXPORT_BYTES) return renderExport(job);
  return runWorker<RenderedExport>('exportWorker', job, transferable(job.snapshot, ...job.updates));
}

/** What the export is rendered from: the stored board, or its state at `at` as one update. */
async function storedParts(store: Store, boardId: string, at: string | undefined): Promise<Pick<ExportJob, 'snapshot' | 'updates'>> {
  if (!at) {
    const loaded = await store.loadDocument(boardId);
    return { snapshot: loaded.snapshot, updates: loaded.updates.map((u) => u.update) };
  }
  const { doc } = await loadBoardAt(store, boardId, at);
  try {
    return { snapshot: Y.encodeStateAsUpdate(doc), updates: [] };
  } finally {
    doc.destroy();
  }
}

function send(res: Response, format: ExportJob['format'], rendered: RenderedExport): void {
  res.set('Content-Type', CONTENT_TYPES[format]);
  res.set('Content-Disposition', `attachment; filename="${fileName(rendered.boardName, format)}"`);
  res.end(Buffer.from(rendered.body.buffer, rendered.body.byteOffset, rendered.body.byteLength));
}

export function createExportRouter(deps: ExportRoutesDeps): Router {
  const { store } = deps;
  const router = Router();
  router.use('/boards/:id/export.:format', requireUser(deps.identify));

  for (const format of ['json', 'csv'] as const) {
    router.get(`/boards/:id/export.${format}`, async (req, res) => {
      const { boardId } = await requireBoardRole(store, req, 'viewer');
      // `?at=`: the board as it was then (rebuilt from the log), else as it is now.
      const { at } = parseQuery(exportQuery, req.query);
      send(res, format, await render(store, boardId, format, at));
    });
  }

  return router;
}
