/** Random secrets and their at-rest hashes (sessions and API tokens share this). */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url (43 characters). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 hex of a high-entropy secret. Only this is stored, so a leaked database
 * does not hand out live sessions or tokens. (Not for passwords: see passwords.ts.)
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
