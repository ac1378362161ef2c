/**
 * A token bucket: spend up to `burst` at once, refilled continuously at `perSecond`. Used
 * for the sync layer's rate limits (sync requests, write bytes and write counts).
 */
import type { Budget, SyncLimits } from '../config';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly budget: Budget,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = budget.burst;
    this.last = now();
  }

  /** Spends `amount` when the bucket holds it; false (and nothing spent) otherwise. */
  take(amount = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.last) / 1_000) * this.budget.perSecond);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** A write budget: bytes and number of updates, both must allow a write. */
export class WriteBudget {
  private readonly bytes: TokenBucket;
  private readonly count: TokenBucket;

  constructor(bytes: Budget, count: Budget) {
    this.bytes = new TokenBucket(bytes);
    this.count = new TokenBucket(count);
  }

  /** Spends one write of `size` bytes, or returns false. (A refused write may still spend bytes: it was sent.) */
  take(size: number): boolean {
    return this.count.take(1) && this.bytes.take(size);
  }
}

/** A REST write refused because its user spent their write budget (answered 429). */
export class WriteRateLimitedError extends Error {
  override readonly name = 'WriteRateLimitedError';
  constructor() {
    super('Too many changes too fast; slow down and try again');
  }
}

/**
 * Per-user budgets, shared by all of that user's connections in this process (so opening
 * more sockets buys no more writes or sync requests).
 */
export class UserBudgets {
  private readonly writeBudgets = new Map<string, WriteBudget>();
  private readonly syncBudgets = new Map<string, TokenBucket>();

  constructor(private readonly limits: Pick<SyncLimits, 'userWriteBytes' | 'userWrites' | 'userSyncRequests'>) {}

  writes(userId: string): WriteBudget {
    let budget = this.writeBudgets.get(userId);
    if (!budget) this.writeBudgets.set(userId, (budget = new WriteBudget(this.limits.userWriteBytes, this.limits.userWrites)));
    return budget;
  }

  syncRequests(userId: string): TokenBucket {
    let bucket = this.syncBudgets.get(userId);
    if (!bucket) this.syncBudgets.set(userId, (bucket = new TokenBucket(this.limits.userSyncRequests)));
    return bucket;
  }
}
