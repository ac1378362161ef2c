import { Router } from 'express';
import type { Store } from '../store/Store';

/** How long /ready waits for the store before calling it unreachable. */
const READY_TIMEOUT_MS = 2_000;

/**
 * Mounted under /api:
 * - `GET /health` → `200 {ok: true}` once the server is listening (the process is up);
 * - `GET /ready` → `200 {ok: true}` while the store answers, else `503` with the reason,
 *   so a load balancer sends no one to a process that cannot save.
 */
export function createHealthRouter(store: Pick<Store, 'ping'>, redisConnected?: () => boolean): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/ready', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([store.ping(), timeout]);
      // Several processes: Redis only speeds delivery up (the head poll covers it), so it
      // is reported, never a reason to take the process out of the load balancer.
      res.json(redisConnected ? { ok: true, redis: redisConnected() ? 'up' : 'down' } : { ok: true });
    } catch (err) {
      res.status(503).json({ error: { code: 'store_unavailable', message: `The store is unreachable: ${(err as Error).message}` } });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
