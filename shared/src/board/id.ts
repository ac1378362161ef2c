/**
 * Random ids for columns, deals and comments. `crypto.getRandomValues` is
 * available in every browser context (secure or not) and in Node >= 19, unlike
 * `crypto.randomUUID`, which needs a secure context.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** 252 = 7 * 36: bytes at or above it are skipped so every character is equally likely. */
const LIMIT = 252;

/** A fresh 16-character base-36 id (about 82 random bits). */
export function newId(length = 16): string {
  let out = '';
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const b of bytes) {
      if (b < LIMIT) out += ALPHABET[b % 36];
      if (out.length === length) break;
    }
  }
  return out;
}
