/**
 * Sign-in and sign-up throttling with exponential backoff, kept in the store so several
 * server processes count the same attempts. Three counters:
 * - per (address, email): failed sign-ins for one account from one address;
 * - per address: every sign-in attempt from the address, whatever the email;
 * - per address for sign-ups.
 * An account is never locked by what other addresses do: the only counter that names an
 * email also names the address. After `free` attempts each further one must wait
 * `baseMs · 2^(n - free - 1)` (at most `maxMs`) after the previous one; a counter left
 * alone for `maxMs` starts again.
 */
import type { Store } from '../store/Store';

export interface BackoffPolicy {
  /** Attempts allowed before any wait. */
  free: number;
  /** The first wait; each further attempt doubles it. */
  baseMs: number;
  /** The longest wait, and the quiet time after which the count starts again. */
  maxMs: number;
}

export interface ThrottlePolicies {
  /** Failed sign-ins for one email from one address. */
  account: BackoffPolicy;
  /** Sign-in attempts from one address (any email). */
  address: BackoffPolicy;
  /** Sign-ups from one address. */
  signup: BackoffPolicy;
}

/** How long `count` attempts (the last at `lastAt`) make the next one wait, from `now`. */
export function backoffWait(policy: BackoffPolicy, count: number, lastAt: number, now: number): number {
  if (count < policy.free) return 0;
  if (now - lastAt >= policy.maxMs) return 0; // quiet long enough: the count starts again
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, count - policy.free));
  return Math.max(0, lastAt + delay - now);
}

export class AuthThrottle {
  constructor(
    private readonly store: Store,
    private readonly policies: ThrottlePolicies,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Before a sign-in: the milliseconds to wait (nothing counted), or 0 after counting the
   * attempt on both counters. Counting before the slow password check means concurrent
   * guesses cannot all pass before the first failure is recorded.
   */
  async beginLogin(address: string, email: string): Promise<number> {
    const keys = [
      { key: addressKey(address), policy: this.policies.address },
      { key: accountKey(address, email), policy: this.policies.account },
    ];
    return this.admit(keys);
  }

  /** A sign-in succeeded: the account counter for this address starts again. */
  async loginSucceeded(address: string, email: string): Promise<void> {
    await this.store.clearAttempts(accountKey(address, email));
  }

  /** Before a sign-up: the milliseconds to wait, or 0 after counting it. */
  async beginSignup(address: string): Promise<number> {
    return this.admit([{ key: `signup:${address}`, policy: this.policies.signup }]);
  }

  /** Per address, the last admission queued (see admit). */
  private readonly admitting = new Map<string, Promise<unknown>>();

  /**
   * The store's admission is atomic across processes; within this process the attempts of one
   * address (every counter names it: `keys[0]`) also queue here one at a time, so a flood from
   * one address holds one pooled connection, not all of them, and other addresses never wait.
   */
  private admit(keys: { key: string; policy: BackoffPolicy }[]): Promise<number> {
    const lane = keys[0]?.key ?? '';
    const next = (this.admitting.get(lane) ?? Promise.resolve()).then(() => this.checkAndCount(keys));
    const settled = next.catch(() => undefined);
    this.admitting.set(lane, settled);
    void settled.then(() => {
      if (this.admitting.get(lane) === settled) this.admitting.delete(lane);
    });
    return next;
  }

  /** Check and count in one store transaction, so attempts on other processes cannot slip between. */
  private checkAndCount(keys: { key: string; policy: BackoffPolicy }[]): Promise<number> {
    const now = this.now();
    return this.store.admitAttempt(
      keys.map(({ key, policy }) => ({ key, resetBefore: now - policy.maxMs })),
      now,
      (counts) => Math.max(0, ...counts.map((count, i) => (count ? backoffWait(keys[i]!.policy, count.failures, count.lastAt, now) : 0))),
    );
  }
}

function addressKey(address: string): string {
  return `login:${address}`;
}

function accountKey(address: string, email: string): string {
  return `login:${address}|${email.trim().toLowerCase()}`;
}

/** "3 seconds", "2 minutes", "15 minutes": the real wait, for people. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
