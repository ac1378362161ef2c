/**
 * Serves the built client (`dist/client`) and falls back to its index.html for any other
 * GET outside /api, /yjs and /socket.io, so client-side routes survive a reload.
 */
import path from 'node:path';
import express, { Router } from 'express';

const NOT_CLIENT = /^\/(api|yjs|socket\.io)(\/|$)/;

export function createStaticRouter(clientDir: string): Router {
  const router = Router();
  const index = path.join(clientDir, 'index.html');
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders(res, filePath) {
        const hashedAsset = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CLIENT.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (err) => {
      if (!err) return;
      if (res.headersSent) return;
      res.removeHeader('Cache-Control');
      res.status(404).type('text/plain').send('The client is not built yet: run `npm run build` (or `npm start`).');
    });
  });
  return router;
}
