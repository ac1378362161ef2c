/**
 * API tokens for scripts: `POST /api/tokens {name, access?, boardId?, expiresInDays?}` →
 * `201 {id, name, token, access, boardId, expiresAt}` (the token is shown this once);
 * `GET /api/tokens` lists the caller's tokens with scope and last use (never the
 * secrets); `DELETE /api/tokens/:id` revokes one and closes the connections it opened.
 * Only a browser session manages tokens: a token cannot mint tokens that would outlive it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { isBoardId } from '../../../shared/src/boardId';
import type { Identify } from '../auth/identify';
import { newApiToken } from '../auth/tokens';
import type { Store } from '../store/Store';
import { HttpError } from './errors';
import { requireSession, userOf } from './requireUser';
import { parseBody } from './validate';

const MAX_EXPIRY_DAYS = 3_650;

export const createTokenSchema = z
  .object({
    name: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(100, { error: 'At most 100 characters' }),
    access: z.enum(['read', 'write'], { error: 'read or write' }).default('write'),
    boardId: z.string().refine(isBoardId, { error: 'a board id' }).nullable().default(null),
    expiresInDays: z.number({ error: 'a number of days' }).int({ error: 'whole days' }).min(1).max(MAX_EXPIRY_DAYS).nullable().default(null),
  })
  .strict();

export interface TokenRoutesDeps {
  store: Store;
  identify: Identify;
  /** Called with a revoked token's hash, to close what it opened. */
  onRevoked?: (credential: string) => void | Promise<void>;
}

export function createTokensRouter({ store, identify, onRevoked }: TokenRoutesDeps): Router {
  const router = Router();
  router.use(requireSession(identify));

  router.get('/', async (req, res) => {
    res.json(await store.listApiTokens(userOf(req).id));
  });

  router.post('/', async (req, res) => {
    const input = parseBody(createTokenSchema, req.body);
    const user = userOf(req);
    if (input.boardId !== null && !(await store.getRole(input.boardId, user.id))) {
      throw new HttpError(400, 'invalid_input', 'boardId: not one of your boards');
    }
    const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString();
    const { id, token, tokenHash } = newApiToken();
    await store.createApiToken({ id, userId: user.id, name: input.name, tokenHash, access: input.access, boardId: input.boardId, expiresAt });
    res.status(201).json({ id, name: input.name, token, access: input.access, boardId: input.boardId, expiresAt });
  });

  router.delete('/:tokenId', async (req, res) => {
    const credential = await store.deleteApiToken(userOf(req).id, String(req.params.tokenId));
    if (!credential) throw new HttpError(404, 'not_found', 'No such token');
    await onRevoked?.(credential);
    res.status(204).end();
  });

  return router;
}
