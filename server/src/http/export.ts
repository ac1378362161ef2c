/**
 * Board export as JSON or CSV. Only valid records are exported (an invalid deal is left
 * out, as from totals). CSV cells that a spreadsheet would run as a formula are defused.
 */
import { Router } from 'express';
import type * as Y from 'yjs';
import { z } from 'zod';
import { readBoardInfo, selectColumns, selectLanes } from '../../../shared/src/board';
import type { Deal } from '../../../shared/src/board/schema';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { parseQuery } from './validate';
import { loadBoardAt } from '../history/boardAt';
import { momentSchema } from '../history/moment';

export interface ExportRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
}

export interface ExportedDeal extends Omit<Deal, 'comments'> {
  stage: string | null;
  comments: Array<{ id: string; authorId: string; body: string; createdAt: string; editedAt: string | null }>;
}

/** One deal as the JSON export (and the REST deals API) shows it: its stage's name, comments not deleted. */
export function exportDeal(deal: Deal, stage: string | null): ExportedDeal {
  return {
    ...deal,
    stage,
    comments: deal.comments.filter((c) => !c.deleted).map(({ id, authorId, body, createdAt, editedAt }) => ({ id, authorId, body, createdAt, editedAt })),
  };
}

/** Everything a board holds, as plain data. */
export function exportBoard(doc: Y.Doc): { board: ReturnType<typeof readBoardInfo>; columns: ReturnType<typeof selectColumns>['columns']; deals: ExportedDeal[] } {
  const board = readBoardInfo(doc);
  const columns = selectColumns(doc).columns;
  const deals: ExportedDeal[] = [];
  for (const lane of selectLanes(doc, { includeArchived: true })) {
    for (const deal of lane.deals) deals.push(exportDeal(deal, lane.column?.name ?? null));
  }
  return { board, columns, deals };
}

const exportQuery = z.object({ at: momentSchema.optional() });

/** The live board, or with `?at=` the board as it was then (rebuilt from the log). */
async function exportedAt(store: Store, hub: BoardHub, boardId: string, query: unknown): Promise<ReturnType<typeof exportBoard>> {
  const { at } = parseQuery(exportQuery, query);
  if (!at) return hub.read(boardId, exportBoard);
  const { doc } = await loadBoardAt(store, boardId, at);
  try {
    return exportBoard(doc);
  } finally {
    doc.destroy();
  }
}

const CSV_FIELDS = [
  'id', 'title', 'kind', 'stage', 'acquirer', 'target', 'amount', 'amountQualifier', 'currency', 'valuation',
  'probability', 'ownerId', 'expectedClose', 'tags', 'links', 'archived', 'stageEnteredAt', 'createdAt', 'updatedAt',
] as const;

/** One CSV cell: quoted when needed; a leading = + - @ (formula) is prefixed with '. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(deals: ExportedDeal[]): string {
  const lines = [CSV_FIELDS.join(',')];
  for (const deal of deals) lines.push(CSV_FIELDS.map((field) => csvCell(deal[field])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function fileName(name: string, extension: string): string {
  const safe = name.replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'board';
  return `${safe}.${extension}`;
}

export function createExportRouter(deps: ExportRoutesDeps): Router {
  const { store, hub } = deps;
  const router = Router();
  router.use('/boards/:id/export.:format', requireUser(deps.identify));

  router.get('/boards/:id/export.json', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const data = await exportedAt(store, hub, boardId, req.query);
    res.set('Content-Disposition', `attachment; filename="${fileName(data.board.name, 'json')}"`);
    res.json({ id: boardId, exportedAt: new Date().toISOString(), ...data });
  });

  router.get('/boards/:id/export.csv', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const data = await exportedAt(store, hub, boardId, req.query);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${fileName(data.board.name, 'csv')}"`);
    res.send(toCsv(data.deals));
  });

  return router;
}
