/**
 * Cookie sessions: a random 32-byte id in `tranche_session` (HttpOnly, SameSite=Lax,
 * Path=/, Secure over https); the store keeps only its SHA-256 hash and an expiry.
 */
import type { IncomingMessage } from 'node:http';
import type { Store } from '../store/Store';
import { hashSecret, randomSecret } from './secrets';

export const SESSION_COOKIE = 'tranche_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface SessionOptions {
  ttlMs: number;
  /** True when served over https (PUBLIC_ORIGIN), so the cookie gets `Secure`. */
  secure: () => boolean;
}

export interface Sessions {
  /** Creates a session for `userId` (named by the browser's User-Agent); returns the Set-Cookie header value. */
  start(userId: string, userAgent?: string): Promise<string>;
  /** Deletes the request's session server-side (if any); returns a Set-Cookie that clears it. */
  end(req: IncomingMessage): Promise<string>;
  /** A Set-Cookie that clears the session cookie (the session itself is already gone). */
  clear(): string;
}

export function createSessions(store: Store, options: SessionOptions): Sessions {
  return {
    async start(userId, userAgent) {
      const id = randomSecret(32);
      const expiresAt = new Date(Date.now() + options.ttlMs);
      await store.createSession({ idHash: hashSecret(id), userId, expiresAt: expiresAt.toISOString(), userAgent });
      return serializeCookie(SESSION_COOKIE, id, {
        maxAgeSeconds: Math.floor(options.ttlMs / 1000),
        expires: expiresAt,
        secure: options.secure(),
      });
    },
    clear() {
      return serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, expires: new Date(0), secure: options.secure() });
    },
    async end(req) {
      const id = sessionIdFrom(req);
      if (id) await store.deleteSession(hashSecret(id));
      return serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, expires: new Date(0), secure: options.secure() });
    },
  };
}

/** The session id from the request's Cookie header, when it has the right shape. */
export function sessionIdFrom(req: IncomingMessage): string | null {
  const id = readCookie(req.headers.cookie, SESSION_COOKIE);
  return id !== null && SESSION_ID.test(id) ? id : null;
}

/** One cookie's value from a Cookie header (first occurrence wins), or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

function serializeCookie(name: string, value: string, opts: { maxAgeSeconds: number; expires: Date; secure: boolean }): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${opts.maxAgeSeconds}`,
    `Expires=${opts.expires.toUTCString()}`,
  ];
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}
