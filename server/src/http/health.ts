import { Router } from 'express';

/** `GET /health` → `200 {ok: true}` (mounted under /api) once the server is listening. */
export function createHealthRouter(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  return router;
}
