/**
 * `requireUser(identify)`: 401 `unauthorized` unless the request has a valid cookie or
 * token; afterwards `identityOf(req)` / `userOf(req)` give the caller.
 *
 * @example
 * router.post('/boards', requireUser(identify), async (req, res) => {
 *   const user = userOf(req);
 * });
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Identify, Identity } from '../auth/identify';
import { canWrite } from '../auth/scope';
import type { UserRecord } from '../store/Store';
import { HttpError } from './errors';
import { annotateLog } from '../log';

const identities = new WeakMap<IncomingMessage, Identity>();

export function requireUser(identify: Identify): RequestHandler {
  return async (req, _res, next) => {
    const known = identities.get(req);
    const identity = known ?? (await identify(req));
    if (!identity) throw new HttpError(401, 'unauthorized', 'Sign in or send an API token');
    checkTokenScope(identity, req.method, req.originalUrl);
    identities.set(req, identity);
    annotateLog({ userId: identity.user.id });
    next();
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A read-only token may only read; a board token may only reach `/api/boards/<its id>…`
 * (and `/api/auth/me`). 403 `token_scope` otherwise.
 */
function checkTokenScope(identity: Identity, method: string, url: string): void {
  if (identity.via !== 'token') return;
  if (!canWrite(identity) && !READ_METHODS.has(method)) {
    throw new HttpError(403, 'token_scope', 'This API token is read-only');
  }
  const only = identity.token?.boardId ?? null;
  if (only === null) return;
  const path = url.split('?')[0] ?? '';
  const prefix = `/api/boards/${only}`;
  const onItsBoard = path === prefix || path.startsWith(`${prefix}/`); // board ids are URL-safe
  if (!onItsBoard && path !== '/api/auth/me') throw new HttpError(403, 'token_scope', 'This API token is limited to one board');
}

/**
 * Like requireUser, but only a signed-in browser (session cookie) passes: tokens cannot
 * create tokens, list sessions or sign anyone out. 403 `session_required` for a token.
 */
export function requireSession(identify: Identify): RequestHandler {
  const user = requireUser(identify);
  return async (req, res, next) => {
    await user(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (identityOf(req).via !== 'cookie')
        return next(new HttpError(403, 'session_required', 'Sign in with a browser session to do this (API tokens cannot)'));
      next();
    });
  };
}

/** The identity `requireUser` established for this request (throws 401 when it did not run). */
export function identityOf(req: IncomingMessage): Identity {
  const identity = identities.get(req);
  if (!identity) throw new HttpError(401, 'unauthorized', 'Sign in or send an API token');
  return identity;
}

/** Shorthand for `identityOf(req).user`. */
export function userOf(req: IncomingMessage): UserRecord {
  return identityOf(req).user;
}
