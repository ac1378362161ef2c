/**
 * Password hashing with scrypt (node:crypto). New hashes use the configured cost
 * (OWASP by default: N=2^17, r=8, p=1); each hash names its own parameters, so raising
 * the cost later still verifies old ones. At most `concurrency` hashes run at once:
 * each takes ~128 MiB and a CPU thread, and a burst of logins must not exhaust either.
 * At most `maxQueue` more wait; beyond that hashing refuses at once with QueueFullError
 * (answered 503), so a flood cannot build an unbounded queue in front of real sign-ins.
 *
 * Stored form: `scrypt$N=131072,r=8,p=1$<salt base64>$<key base64>`.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { ScryptParams } from '../config';
import { Semaphore } from './semaphore';

const PREFIX = 'scrypt';
const SALT_BYTES = 16;
/** Refuse stored parameters beyond this (a corrupt row must not allocate gigabytes). */
const MAX_N = 2 ** 20;

export interface PasswordHasher {
  /** A self-describing hash of `password` with a fresh 16-byte salt. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored`; false for a malformed `stored`. Constant-time compare. */
  verify(password: string, stored: string): Promise<boolean>;
  /**
   * Spends the same time as a real verify, for an unknown email, so response time
   * does not tell whether an account exists.
   */
  verifyDummy(password: string): Promise<false>;
}

/**
 * @example
 * const passwords = createPasswordHasher(config.scrypt, config.hashConcurrency, config.hashQueueMax);
 * const stored = await passwords.hash('correct horse');
 * await passwords.verify('correct horse', stored); // true
 */
export function createPasswordHasher(params: ScryptParams, concurrency = 2, maxQueue = Number.POSITIVE_INFINITY): PasswordHasher {
  checkParams(params);
  const limit = new Semaphore(concurrency, maxQueue);
  // Verifying against a random key costs exactly a real verify; no hash is spent making it.
  const dummy = format(params, randomBytes(SALT_BYTES), randomBytes(params.keyLen));

  const derive = (password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> =>
    limit.run(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const options: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: maxmemFor(p) };
          scrypt(password.normalize('NFC'), salt, p.keyLen, options, (err, key) => (err ? reject(err) : resolve(key)));
        }),
    );

  const hasher: PasswordHasher = {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, params);
      return format(params, salt, key);
    },

    async verify(password, stored) {
      const parsed = parse(stored);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.params);
      return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
    },

    async verifyDummy(password) {
      await hasher.verify(password, dummy);
      return false;
    },
  };
  return hasher;
}

/** scrypt needs about 128·N·r·p bytes (128 MiB at OWASP cost); leave headroom so Node does not refuse. */
function maxmemFor(p: ScryptParams): number {
  return 128 * p.N * p.r * p.p + 32 * 1024 * 1024;
}

function checkParams(p: ScryptParams): void {
  const powerOfTwo = Number.isInteger(p.N) && p.N > 1 && (p.N & (p.N - 1)) === 0;
  if (!powerOfTwo || p.N > MAX_N) throw new Error(`scrypt N must be a power of two <= 2^20, got ${p.N}`);
  if (!Number.isInteger(p.r) || p.r < 1 || p.r > 32) throw new Error(`scrypt r out of range: ${p.r}`);
  if (!Number.isInteger(p.p) || p.p < 1 || p.p > 16) throw new Error(`scrypt p out of range: ${p.p}`);
  if (!Number.isInteger(p.keyLen) || p.keyLen < 16 || p.keyLen > 64) {
    throw new Error(`scrypt keyLen must be 16..64, got ${p.keyLen}`);
  }
}

function format(p: ScryptParams, salt: Buffer, key: Buffer): string {
  return `${PREFIX}$N=${p.N},r=${p.r},p=${p.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  const fields = new Map(
    (parts[1] ?? '').split(',').map((kv) => {
      const [k, v] = kv.split('=');
      return [k, Number(v)] as const;
    }),
  );
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const key = Buffer.from(parts[3] ?? '', 'base64');
  const params: ScryptParams = {
    N: fields.get('N') ?? NaN,
    r: fields.get('r') ?? NaN,
    p: fields.get('p') ?? NaN,
    keyLen: key.length,
  };
  try {
    checkParams(params);
  } catch {
    return null;
  }
  if (salt.length < 8) return null;
  return { params, salt, key };
}
