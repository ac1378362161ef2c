/**
 * Cross-site request checks. A browser attaches the session cookie to requests other
 * sites trigger, so a state-changing request that could be cookie-authenticated must come
 * from PUBLIC_ORIGIN. Requests carrying an Authorization header (API tokens) are exempt:
 * no site can make a browser add one, and they never fall back to the cookie.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http/errors';
import { hasAuthorization } from './identify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when the request may act for a cookie holder: its `Origin` is `publicOrigin`, or
 * it has no `Origin` and is not marked `Sec-Fetch-Site: cross-site` (scripts, curl).
 * Also used for the Yjs upgrade and the Socket.IO handshake.
 *
 * @example isAllowedOrigin(req, 'https://deals.example.com')
 */
export function isAllowedOrigin(req: IncomingMessage, publicOrigin: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === '') {
    return req.headers['sec-fetch-site'] !== 'cross-site';
  }
  return sameOrigin(origin, publicOrigin);
}

/**
 * Express middleware: 403 `bad_origin` for a POST/PUT/PATCH/DELETE without an
 * Authorization header whose origin is not allowed. It also covers signup and login,
 * which set a cookie (so another site cannot log a browser into its account).
 */
export function originGuard(publicOrigin: () => string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || hasAuthorization(req)) return next();
    if (isAllowedOrigin(req, publicOrigin())) return next();
    next(new HttpError(403, 'bad_origin', 'Cross-origin request refused'));
  };
}

function sameOrigin(origin: string, publicOrigin: string): boolean {
  if (origin === 'null') return false;
  try {
    return new URL(origin).origin === new URL(publicOrigin).origin;
  } catch {
    return false;
  }
}
