/**
 * Time travel over REST (docs/API.md, "History"): the board as it was at a moment, what
 * changed between two moments, and restoring a deal or fields as they were. Viewers read;
 * restoring is an edit (editor or above). History is rebuilt from the store's log.
 */
import { Router } from 'express';
import * as Y from 'yjs';
import { z } from 'zod';
import { changesBetween } from '../history/changesBetween';
import { loadBoardAt } from '../history/boardAt';
import { RESTORABLE_FIELDS, restoreFromHistory } from '../history/restore';
import { momentSchema } from '../history/moment';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { idSchema } from '../../../shared/src/board/validate';
import { dealViewOf } from './deals';
import { exportBoard } from './export';
import { HttpError } from './errors';
import { parseBody, parseQuery } from './validate';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';

export interface HistoryRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
}

/** How many of the newest change times history/moments lists (the scrubber's ticks and steps). */
export const MAX_MOMENTS = 5_000;

export const stateQuery = z.object({ at: momentSchema, format: z.enum(['json', 'yjs']).default('json') });
export const changesQuery = z
  .object({ from: momentSchema, to: momentSchema.optional() })
  .transform((q) => ({ from: q.from, to: q.to ?? new Date().toISOString() }))
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });
export const restoreBody = z.strictObject({ dealId: idSchema, at: momentSchema, fields: z.array(z.enum(RESTORABLE_FIELDS)).min(1).optional() });

/** The board as it was at `at`: its records as the JSON export gives them. */
export async function stateAt(store: Store, boardId: string, at: string) {
  const { doc } = await loadBoardAt(store, boardId, at);
  try {
    const { board, columns, deals } = exportBoard(doc);
    return { at, board, columns, deals };
  } finally {
    doc.destroy();
  }
}

export function createHistoryRouter(deps: HistoryRoutesDeps): Router {
  const { store, hub } = deps;
  const router = Router();
  router.use('/boards/:id/history', requireUser(deps.identify));

  router.get('/boards/:id/history/state', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const { at, format } = parseQuery(stateQuery, req.query);
    if (format === 'yjs') {
      const { doc } = await loadBoardAt(store, boardId, at);
      const update = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      res.set('Content-Type', 'application/octet-stream');
      res.send(Buffer.from(update));
      return;
    }
    res.json(await stateAt(store, boardId, at));
  });

  router.get('/boards/:id/history/moments', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    res.json({ moments: await store.listUpdateTimes(boardId, MAX_MOMENTS) });
  });

  router.get('/boards/:id/history/changes', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const { from, to } = parseQuery(changesQuery, req.query);
    res.json(await changesBetween(store, boardId, from, to));
  });

  router.post('/boards/:id/history/restore', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const input = parseBody(restoreBody, req.body);
    const outcome = await restoreFromHistory(store, hub, boardId, user, input);
    const deal = await hub.read(boardId, (doc) => dealViewOf(doc, input.dealId));
    if (!deal) throw new HttpError(409, 'conflict', 'The deal was deleted again meanwhile');
    res.json({ outcome, deal });
  });

  return router;
}
