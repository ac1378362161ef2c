/**
 * Request logging: every request gets an id (the caller's `X-Request-Id` when it is a sane
 * token, else a new UUID), echoed in the `X-Request-Id` response header and carried by
 * every log line written while serving it. When it ends, one access line (method, path
 * without query, status, time; the user and board once known). Headers are never logged:
 * they hold cookies and tokens.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { accessLogger, currentLogContext, withLogContext, type LogContext } from '../log';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** Scrapes and load-balancer probes would drown the access log. */
const QUIET_PATHS = new Set(['/api/health', '/metrics']);

const contexts = new WeakMap<IncomingMessage, LogContext>();
const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

export function requestLog(): RequestHandler[] {
  const access = pinoHttp({
    logger: accessLogger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req.url)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // Called when the request starts (no context yet: nothing to add) and when it ends.
    customProps: (req) => {
      const known = contexts.get(req);
      return known ? { where: 'http', userId: known.userId, boardId: known.boardId } : {};
    },
    serializers: {
      req: (req: { method: string; url: string; id: unknown }) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    quietReqLogger: true,
  });
  const scope: RequestHandler = (req, _res, next) => {
    withLogContext({ reqId: String(req.id) }, () => {
      // The live context object, so annotations made later (user, board) reach the access line.
      const live = currentLogContext();
      if (live) contexts.set(req, live);
      next();
    });
  };
  return [access, scope];
}
