/**
 * Login throttling, in memory: after `maxFailures` failed logins for one email from one
 * address within `lockMs`, that pair gets 429 for `lockMs`. A success clears the count.
 * Another email from the same address, or the same email from elsewhere, is unaffected.
 */
export interface ThrottleOptions {
  maxFailures: number;
  lockMs: number;
  now?: () => number;
  /** Entries kept at most; the oldest go first beyond it (memory stays bounded). */
  maxEntries?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /** The key for one (address, email) pair. */
  static key(address: string | undefined, email: string): string {
    return `${address ?? 'unknown'}\n${email.trim().toLowerCase()}`;
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.lockedUntil !== 0 || now - entry.windowStart >= this.options.lockMs) this.entries.delete(key);
    return 0;
  }

  /**
   * Checks and counts one attempt in a single step: returns the milliseconds to wait
   * (nothing counted), or 0 after counting the attempt as a failure that `succeed` clears.
   * Counting before the slow password check means concurrent guesses cannot all pass the
   * check before the first failure is recorded.
   */
  attempt(key: string): number {
    const wait = this.retryAfterMs(key);
    if (wait === 0) this.fail(key);
    return wait;
  }

  /** Records a failed attempt. */
  fail(key: string): void {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.windowStart >= this.options.lockMs || (entry.lockedUntil !== 0 && entry.lockedUntil <= now)) {
      entry = { failures: 0, windowStart: now, lockedUntil: 0 };
    }
    entry.failures += 1;
    if (entry.failures >= this.options.maxFailures) entry.lockedUntil = now + this.options.lockMs;
    this.entries.delete(key); // re-insert so Map order is oldest-touched first
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.sweep(now);
  }

  /** Clears the failures for `key` after a successful login. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      const stale = entry.lockedUntil !== 0 ? entry.lockedUntil <= now : now - entry.windowStart >= this.options.lockMs;
      if (stale) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
