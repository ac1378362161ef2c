/**
 * Who is calling: from `Authorization: Bearer <token>` (or an explicit token, e.g.
 * Socket.IO's `handshake.auth.token`) or else the session cookie. Works on a plain
 * `http.IncomingMessage`, so REST, the Yjs upgrade and the Socket.IO handshake share it.
 */
import type { IncomingMessage } from 'node:http';
import type { ApiTokenRecord, Store, UserRecord } from '../store/Store';
import { defaultConfig } from '../config';
import { hashSecret } from './secrets';
import { sessionIdFrom } from './sessions';
import { looksLikeApiToken } from './tokens';

export interface Identity {
  user: UserRecord;
  via: 'cookie' | 'token';
  /** The hash of the session id or token used: signing out closes what it opened. */
  credential: string;
  /** The token's scope and expiry, when `via` is 'token'. */
  token?: ApiTokenRecord;
  /** The session's public id, when `via` is 'cookie'. */
  sessionId?: string;
}

export interface IdentifyOptions {
  /** A session unused this long no longer identifies anyone (and is deleted). */
  sessionIdleMs: number;
  now?: () => number;
}

/** "Last seen" and "last used" are written at most this often per credential. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves the caller, or null when there is no valid credential. A request that
 * presents a token is judged by the token alone (no fallback to the cookie).
 *
 * @example
 * const identity = await identify(req);                            // REST, Yjs upgrade
 * const identity = await identify(socket.request, socket.handshake.auth.token); // Socket.IO
 */
export type Identify = (req: IncomingMessage, token?: unknown) => Promise<Identity | null>;

export function createIdentify(store: Store, options: IdentifyOptions = { sessionIdleMs: defaultConfig.sessionIdleMs }): Identify {
  const now = options.now ?? (() => Date.now());
  return async (req, token) => {
    const explicit = typeof token === 'string' && token !== '' ? token : null;
    const bearer = explicit ?? bearerToken(req);
    if (bearer !== null) {
      if (!looksLikeApiToken(bearer)) return null;
      const credential = hashSecret(bearer);
      const found = await store.getApiToken(credential);
      if (!found) return null;
      const at = now();
      if (found.token.lastUsedAt === null || at - Date.parse(found.token.lastUsedAt) >= TOUCH_EVERY_MS) {
        await store.touchApiToken(credential, new Date(at).toISOString());
      }
      return { user: found.user, via: 'token', credential, token: found.token };
    }
    if (hasAuthorization(req)) return null; // some other scheme: not ours, and no cookie fallback
    const sessionId = sessionIdFrom(req);
    if (sessionId === null) return null;
    const credential = hashSecret(sessionId);
    const found = await store.getSession(credential);
    if (!found) return null;
    const at = now();
    const idle = at - Date.parse(found.session.lastSeenAt);
    if (idle >= options.sessionIdleMs) {
      await store.deleteSession(credential);
      return null;
    }
    if (idle >= TOUCH_EVERY_MS) await store.touchSession(credential, new Date(at).toISOString());
    return { user: found.user, via: 'cookie', credential, sessionId: found.session.id };
  };
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

/** True when the request carries any Authorization header (so it is not a cookie request). */
export function hasAuthorization(req: IncomingMessage): boolean {
  return typeof req.headers.authorization === 'string' && req.headers.authorization !== '';
}
