/**
 * A counting semaphore: at most `size` tasks run at once, at most `maxWaiting` wait in
 * order; beyond that `run` refuses at once with QueueFullError (a burst must be answered
 * "busy", not queued without bound).
 */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor() {
    super('Too many tasks waiting');
  }
}

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Semaphore size must be >= 1, got ${size}`);
    if (!(maxWaiting >= 0)) throw new Error(`Semaphore maxWaiting must be >= 0, got ${maxWaiting}`);
  }

  /** Runs `task` when a slot is free and releases the slot when it settles; rejects with QueueFullError when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      if (next) next();
      else this.active -= 1;
    }
  }
}
