/**
 * Watching, kept on the server so it follows the person to every device:
 * `PUT`/`DELETE /api/boards/:id/deals/:dealId/watch` (a deal), `PUT`/`DELETE
 * /api/boards/:id/watch` (every deal of the board), `GET /api/me/watches`. Any member may
 * watch; DELETE is an explicit "don't watch" that outlasts owning or commenting on the deal.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { getDealMap } from '../../../shared/src/board';
import { watchSchema } from '../../../shared/src/notifications';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { NotificationCenter } from '../notifications/NotificationCenter';
import { requireBoardRole } from './boardAccess';
import { HttpError } from './errors';
import { requireUser, userOf } from './requireUser';

export interface WatchRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
  notifications: NotificationCenter;
}

export const watchView = z.object({ watch: watchSchema });
export const watchesView = z.object({ watches: z.array(watchSchema) });

export function createWatchesRouter(deps: WatchRoutesDeps): Router {
  const { store, hub } = deps;
  const router = Router();
  const signedIn = requireUser(deps.identify);

  /** The deal of `:dealId` must exist on the board (404 otherwise, as for any unknown deal). */
  async function dealOf(req: Request, boardId: string): Promise<string> {
    const dealId = String(req.params.dealId ?? '');
    const exists = dealId !== '' && (await hub.read(boardId, (doc) => getDealMap(doc, dealId) !== null));
    if (!exists) throw new HttpError(404, 'not_found', 'No such deal');
    return dealId;
  }

  for (const [method, watching] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    router[method]('/boards/:id/deals/:dealId/watch', signedIn, async (req, res) => {
      const { boardId, user } = await requireBoardRole(store, req, 'viewer');
      const dealId = await dealOf(req, boardId);
      await store.setWatch(user.id, boardId, dealId, watching);
      deps.notifications.watchChanged(user.id, { boardId, dealId, watching });
      res.json({ watch: { boardId, dealId, watching } });
    });
    router[method]('/boards/:id/watch', signedIn, async (req, res) => {
      const { boardId, user } = await requireBoardRole(store, req, 'viewer');
      await store.setWatch(user.id, boardId, null, watching);
      deps.notifications.watchChanged(user.id, { boardId, dealId: null, watching });
      res.json({ watch: { boardId, dealId: null, watching } });
    });
  }

  router.get('/me/watches', signedIn, async (req, res) => {
    res.json({ watches: await store.listWatches(userOf(req).id) });
  });

  return router;
}
