/**
 * `GET /metrics`: every metric in Prometheus' text format. With METRICS_TOKEN set, only a
 * scraper sending `Authorization: Bearer <token>` gets them (401 otherwise); without it the
 * route is open (bind HOST to a private interface, or set the token).
 */
import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { sendError } from '../http/errors';
import { registry, startDefaultMetrics } from './metrics';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createMetricsRouter(options: { token: string | undefined }): Router {
  startDefaultMetrics();
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (options.token !== undefined) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, options.token)) return sendError(res, 401, 'unauthorized', 'Send the metrics token as a bearer token');
    }
    res.set('Content-Type', registry.contentType);
    res.set('Cache-Control', 'no-store');
    res.send(await registry.metrics());
  });
  return router;
}
