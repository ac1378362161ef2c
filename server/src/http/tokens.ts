/** `POST /api/tokens {name}` → `201 {id, name, token}`: the token is shown this once. */
import { Router } from 'express';
import { z } from 'zod';
import type { Identify } from '../auth/identify';
import { newApiToken } from '../auth/tokens';
import type { Store } from '../store/Store';
import { requireUser, userOf } from './requireUser';
import { parseBody } from './validate';

const createTokenSchema = z.object({
  name: z.string({ error: 'Required' }).trim().min(1, { error: 'Required' }).max(100, { error: 'At most 100 characters' }),
});

export function createTokensRouter({ store, identify }: { store: Store; identify: Identify }): Router {
  const router = Router();
  router.post('/', requireUser(identify), async (req, res) => {
    const { name } = parseBody(createTokenSchema, req.body);
    const { id, token, tokenHash } = newApiToken();
    await store.createApiToken({ id, userId: userOf(req).id, name, tokenHash });
    res.status(201).json({ id, name, token });
  });
  return router;
}
