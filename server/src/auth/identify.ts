/**
 * Who is calling: from `Authorization: Bearer <token>` (or an explicit token, e.g.
 * Socket.IO's `handshake.auth.token`) or else the session cookie. Works on a plain
 * `http.IncomingMessage`, so REST, the Yjs upgrade and the Socket.IO handshake share it.
 */
import type { IncomingMessage } from 'node:http';
import type { Store, UserRecord } from '../store/Store';
import { hashSecret } from './secrets';
import { sessionIdFrom } from './sessions';
import { looksLikeApiToken } from './tokens';

export interface Identity {
  user: UserRecord;
  via: 'cookie' | 'token';
  /** The hash of the session id or token used: signing out closes what it opened. */
  credential: string;
}

/**
 * Resolves the caller, or null when there is no valid credential. A request that
 * presents a token is judged by the token alone (no fallback to the cookie).
 *
 * @example
 * const identity = await identify(req);                            // REST, Yjs upgrade
 * const identity = await identify(socket.request, socket.handshake.auth.token); // Socket.IO
 */
export type Identify = (req: IncomingMessage, token?: unknown) => Promise<Identity | null>;

export function createIdentify(store: Store): Identify {
  return async (req, token) => {
    const explicit = typeof token === 'string' && token !== '' ? token : null;
    const bearer = explicit ?? bearerToken(req);
    if (bearer !== null) {
      if (!looksLikeApiToken(bearer)) return null;
      const credential = hashSecret(bearer);
      const user = await store.getTokenUser(credential);
      return user ? { user, via: 'token', credential } : null;
    }
    if (hasAuthorization(req)) return null; // some other scheme: not ours, and no cookie fallback
    const sessionId = sessionIdFrom(req);
    if (sessionId === null) return null;
    const credential = hashSecret(sessionId);
    const user = await store.getSessionUser(credential);
    return user ? { user, via: 'cookie', credential } : null;
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
