/**
 * REST deals API for scripts and integrations (docs/API.md, "Deals over REST"). Token
 * or cookie, the same roles as the document: viewers read, editors write, owners also
 * delete for good. Every write is a shared mutation applied in the board's room as the
 * caller (BoardHub.applyAs): committed before the response, broadcast at once, and told
 * as the same activity as the same edit in the UI.
 */
import { Router, type Request } from 'express';
import type * as Y from 'yjs';
import {
  addComment,
  archiveDeal,
  createDeal,
  deleteComment,
  deleteDeal,
  editComment,
  isValid,
  moveDeal,
  readColumnById,
  readDealById,
  restoreDeal,
  selectColumns,
  updateDeal,
} from '../../../shared/src/board';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { exportBoard, exportDeal, type ExportedDeal } from './exportFormat';
import { HttpError } from './errors';
import { parseBody, parseQuery } from './validate';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { unwrap } from './mutationResult';
import { addCommentBody, createDealBody, deleteDealQuery, editCommentBody, listDealsQuery, moveDealBody, patchDealBody } from './apiSchemas';
import { withIdempotency } from './idempotency';

export interface DealRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
}

/** The deal as the API shows it, or null when there is none; an invalid record is a 409. */
export function dealViewOf(doc: Y.Doc, dealId: string): ExportedDeal | null {
  const deal = readDealById(doc, dealId);
  if (!deal) return null;
  if (!isValid(deal)) throw new HttpError(409, 'invalid_record', `The deal is invalid: ${deal.reason}`);
  const column = readColumnById(doc, deal.columnId);
  return exportDeal(deal, column && isValid(column) ? column.name : null);
}

function requireDeal(doc: Y.Doc, dealId: string): ExportedDeal {
  const view = dealViewOf(doc, dealId);
  if (!view) throw new HttpError(404, 'not_found', 'No such deal');
  return view;
}

function matches(deal: ExportedDeal, query: ReturnType<typeof listDealsQuery.parse>): boolean {
  if (query.archived !== 'any' && deal.archived !== (query.archived === 'true')) return false;
  if (query.columnId !== undefined && deal.columnId !== query.columnId) return false;
  if (query.ownerId !== undefined && deal.ownerId !== query.ownerId) return false;
  if (query.tag !== undefined && !deal.tags.some((t) => t.toLowerCase() === query.tag!.toLowerCase())) return false;
  if (query.updatedSince !== undefined && Date.parse(deal.updatedAt) < Date.parse(query.updatedSince)) return false;
  if (query.q !== undefined) {
    const needle = query.q.toLowerCase();
    const haystack = [deal.title, deal.acquirer, deal.target, deal.notes, ...deal.tags].join('\n').toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

const dealIdOf = (req: Request): string => String(req.params.dealId ?? '');

function commentOf(doc: Y.Doc, dealId: string, commentId: string) {
  const deal = readDealById(doc, dealId);
  const comment = deal && isValid(deal) ? deal.comments.find((c) => c.id === commentId) : undefined;
  if (!comment) throw new HttpError(404, 'not_found', 'No such comment');
  return comment;
}

export function createDealsRouter(deps: DealRoutesDeps): Router {
  const { store, hub } = deps;
  const router = Router();
  router.use('/boards/:id/deals', requireUser(deps.identify));

  router.get('/boards/:id/deals', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const query = parseQuery(listDealsQuery, req.query);
    const { columns, deals } = await hub.read(boardId, exportBoard);
    res.json({ deals: deals.filter((deal) => matches(deal, query)), columns });
  });

  router.post('/boards/:id/deals', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const body = parseBody(createDealBody, req.body);
    const answer = await withIdempotency(store, { boardId, userId: user.id, key: req.get('Idempotency-Key') }, async () => {
      const deal = await hub.applyAs(boardId, user, (doc, origin) => {
        const { afterId, beforeId, columnId, ...fields } = body;
        const target = columnId ?? selectColumns(doc).columns.find((c) => c.kind === 'open')?.id;
        if (!target) throw new HttpError(400, 'invalid_input', 'columnId: the board has no open column; name one');
        const created = unwrap(createDeal(doc, { ...fields, columnId: target, after: afterId, before: beforeId }, origin), {
          columnId: 'columnId',
          after: 'afterId',
          before: 'beforeId',
        });
        return requireDeal(doc, created!.dealId);
      });
      return { status: 201, body: { deal } };
    });
    res.status(answer.status).json(answer.body);
  });

  router.get('/boards/:id/deals/:dealId', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const deal = await hub.read(boardId, (doc) => requireDeal(doc, dealIdOf(req)));
    res.json({ deal });
  });

  router.patch('/boards/:id/deals/:dealId', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { archived, ...patch } = parseBody(patchDealBody, req.body);
    const dealId = dealIdOf(req);
    const deal = await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      if (Object.keys(patch).length > 0) unwrap(updateDeal(doc, { dealId, patch }, origin));
      if (archived !== undefined) unwrap((archived ? archiveDeal : restoreDeal)(doc, { dealId }, origin));
      return requireDeal(doc, dealId);
    });
    res.json({ deal });
  });

  router.delete('/boards/:id/deals/:dealId', async (req, res) => {
    const { hard } = parseQuery(deleteDealQuery, req.query);
    const { boardId, user } = await requireBoardRole(store, req, hard === '1' ? 'owner' : 'editor');
    const dealId = dealIdOf(req);
    if (hard === '1') {
      await hub.applyAs(boardId, user, (doc, origin) => unwrap(deleteDeal(doc, { dealId }, origin)));
      res.status(204).end();
      return;
    }
    const deal = await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      unwrap(archiveDeal(doc, { dealId }, origin));
      return requireDeal(doc, dealId);
    });
    res.json({ deal });
  });

  router.post('/boards/:id/deals/:dealId/move', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const body = parseBody(moveDealBody, req.body);
    const dealId = dealIdOf(req);
    const deal = await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      const input = { dealId, toColumnId: body.columnId, after: body.afterId, before: body.beforeId };
      unwrap(moveDeal(doc, input, origin), { toColumnId: 'columnId', after: 'afterId', before: 'beforeId' });
      return requireDeal(doc, dealId);
    });
    res.json({ deal });
  });

  router.post('/boards/:id/deals/:dealId/comments', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { body } = parseBody(addCommentBody, req.body);
    const dealId = dealIdOf(req);
    const comment = await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      const added = unwrap(addComment(doc, { dealId, body }, origin));
      return commentOf(doc, dealId, added!.commentId);
    });
    res.status(201).json({ comment });
  });

  router.patch('/boards/:id/deals/:dealId/comments/:commentId', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { body } = parseBody(editCommentBody, req.body);
    const dealId = dealIdOf(req);
    const commentId = String(req.params.commentId ?? '');
    const comment = await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      unwrap(editComment(doc, { dealId, commentId, body }, origin));
      return commentOf(doc, dealId, commentId);
    });
    res.json({ comment });
  });

  router.delete('/boards/:id/deals/:dealId/comments/:commentId', async (req, res) => {
    const { boardId, user, role } = await requireBoardRole(store, req, 'editor');
    const dealId = dealIdOf(req);
    const commentId = String(req.params.commentId ?? '');
    await hub.applyAs(boardId, user, (doc, origin) => {
      requireDeal(doc, dealId);
      unwrap(deleteComment(doc, { dealId, commentId }, origin, { asOwner: role === 'owner' }));
    });
    res.status(204).end();
  });

  return router;
}
