/**
 * The signed-in browsers of the caller: `GET /api/sessions` lists them (`current` marks
 * this one); `DELETE /api/sessions/:id` signs one out and closes what it opened. Only a
 * browser session may use these (not an API token).
 */
import { Router } from 'express';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import { HttpError } from './errors';
import { identityOf, requireSession } from './requireUser';

export interface SessionRoutesDeps {
  store: Store;
  identify: Identify;
  /** Called with a revoked session's hash, to close what it opened. */
  onSignedOut?: (credential: string) => void | Promise<void>;
}

export function createSessionsRouter({ store, identify, onSignedOut }: SessionRoutesDeps): Router {
  const router = Router();
  router.use(requireSession(identify));

  router.get('/', async (req, res) => {
    const identity = identityOf(req);
    const list = await store.listSessions(identity.user.id);
    res.json(list.map((s) => ({ ...s, current: s.id === identity.sessionId })));
  });

  router.delete('/:sessionId', async (req, res) => {
    const credential = await store.deleteUserSession(identityOf(req).user.id, String(req.params.sessionId));
    if (!credential) throw new HttpError(404, 'not_found', 'No such session');
    await onSignedOut?.(credential);
    res.status(204).end();
  });

  return router;
}
