/**
 * `GET /api/boards/:id/activity?limit=&before=&dealId=` → `200 [ActivityEvent]`,
 * newest first. Members only: a board the caller is not in is 404, exactly like
 * one that does not exist. Mounted under `/api`.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ActivityEvent } from '../../../shared/src/events';
import { type Identify, createIdentify } from '../auth/identify';
import type { Store } from '../store/Store';
import { HttpError } from './errors';
import { requireUser, userOf } from './requireUser';
import { parseQuery } from './validate';

export const DEFAULT_ACTIVITY_LIMIT = 50;
export const MAX_ACTIVITY_LIMIT = 200;

/** An empty parameter (`?before=`) counts as not given. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);
const idParam = z.preprocess(blankIsAbsent, z.string().max(200).optional());

export const activityQuery = z.object({
  limit: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(MAX_ACTIVITY_LIMIT).optional()),
  /** An event id: only events older than it (the next page). */
  before: idParam,
  /** Only this deal's events. */
  dealId: idParam,
});

export interface ActivityRouterOptions {
  store: Store;
  /** How callers are identified; defaults to cookie/token identification against `store`. */
  identify?: Identify;
}

/**
 * @example app.use('/api', createActivityRouter({ store, identify }));
 */
export function createActivityRouter(options: ActivityRouterOptions): Router {
  const { store } = options;
  const identify = options.identify ?? createIdentify(store);
  const router = Router();

  router.get('/boards/:id/activity', requireUser(identify), async (req, res) => {
    const boardId = typeof req.params.id === 'string' ? req.params.id : '';
    const user = userOf(req);
    if (boardId === '' || (await store.getRole(boardId, user.id)) === null) {
      throw new HttpError(404, 'not_found', 'No such board');
    }
    const query = parseQuery(activityQuery, req.query);
    const events: ActivityEvent[] = await store.listActivity(boardId, {
      limit: query.limit ?? DEFAULT_ACTIVITY_LIMIT,
      ...(query.before !== undefined ? { before: query.before } : {}),
      ...(query.dealId !== undefined ? { dealId: query.dealId } : {}),
    });
    res.json(events);
  });

  return router;
}
