/**
 * API tokens for scripts: `POST /api/tokens {name}` → `201 {id, name, token}` (the token is
 * shown this once); `GET /api/tokens` lists the caller's tokens (never the secrets);
 * `DELETE /api/tokens/:id` revokes one and closes the connections it opened.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Identify } from '../auth/identify';
import { newApiToken } from '../auth/tokens';
import type { Store } from '../store/Store';
import { HttpError } from './errors';
import { requireUser, userOf } from './requireUser';
import { parseBody } from './validate';

export const createTokenSchema = z.object({
  name: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(100, { error: 'At most 100 characters' }),
});

export interface TokenRoutesDeps {
  store: Store;
  identify: Identify;
  /** Called with a revoked token's hash, to close what it opened. */
  onRevoked?: (credential: string) => void;
}

export function createTokensRouter({ store, identify, onRevoked }: TokenRoutesDeps): Router {
  const router = Router();
  router.use(requireUser(identify));

  router.get('/', async (req, res) => {
    res.json(await store.listApiTokens(userOf(req).id));
  });

  router.post('/', async (req, res) => {
    const { name } = parseBody(createTokenSchema, req.body);
    const { id, token, tokenHash } = newApiToken();
    await store.createApiToken({ id, userId: userOf(req).id, name, tokenHash });
    res.status(201).json({ id, name, token });
  });

  router.delete('/:tokenId', async (req, res) => {
    const credential = await store.deleteApiToken(userOf(req).id, String(req.params.tokenId));
    if (!credential) throw new HttpError(404, 'not_found', 'No such token');
    onRevoked?.(credential);
    res.status(204).end();
  });

  return router;
}
