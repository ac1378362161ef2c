/**
 * Invite link secrets: `inv_<43 base64url chars>`, shown once to the owner who made the
 * link; the store keeps only the SHA-256 hash. Single use, expiring.
 */
import { hashSecret, randomSecret } from './secrets';

const INVITE_SHAPE = /^inv_[A-Za-z0-9_-]{43}$/;

export function newInviteSecret(): { token: string; tokenHash: string } {
  const token = `inv_${randomSecret(32)}`;
  return { token, tokenHash: hashSecret(token) };
}

/** Cheap shape check before a store lookup. */
export function looksLikeInvite(value: string): boolean {
  return INVITE_SHAPE.test(value);
}
