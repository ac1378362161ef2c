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
import type { UserRecord } from '../store/Store';
import { HttpError } from './errors';
import { annotateLog } from '../log';

const identities = new WeakMap<IncomingMessage, Identity>();

export function requireUser(identify: Identify): RequestHandler {
  return async (req, _res, next) => {
    const known = identities.get(req);
    const identity = known ?? (await identify(req));
    if (!identity) throw new HttpError(401, 'unauthorized', 'Sign in or send an API token');
    identities.set(req, identity);
    annotateLog({ userId: identity.user.id });
    next();
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
