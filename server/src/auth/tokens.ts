/**
 * API tokens for scripts: `trk_<43 base64url chars>`, shown once at creation; the store
 * keeps only the SHA-256 hash. Sent as `Authorization: Bearer <token>` (or Socket.IO
 * `auth.token`).
 */
import { randomUUID } from 'node:crypto';
import { hashSecret, randomSecret } from './secrets';

export const TOKEN_PREFIX = 'trk_';
const TOKEN_SHAPE = /^trk_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  id: string;
  /** The secret itself: give it to the user once, never store it. */
  token: string;
  tokenHash: string;
}

/** A fresh token and what to store for it. */
export function newApiToken(): NewApiToken {
  const token = TOKEN_PREFIX + randomSecret(32);
  return { id: randomUUID(), token, tokenHash: hashSecret(token) };
}

/** Cheap shape check before a store lookup. */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
