/**
 * The Redis client handed to @socket.io/redis-streams-adapter. The adapter fires SUBSCRIBE
 * on its duplicated clients without handling the promise: a process that closes (or loses
 * Redis) before that command is answered would die of an unhandled rejection. This client
 * and its duplicates mark those promises handled; the adapter learns of a lost connection
 * through ioredis's own reconnect and re-subscribe.
 */
import { Redis, type RedisOptions } from 'ioredis';

export class AdapterRedis extends Redis {
  constructor(url: string, options: RedisOptions);
  constructor(options: RedisOptions);
  constructor(urlOrOptions: string | RedisOptions, options?: RedisOptions) {
    if (typeof urlOrOptions === 'string') super(urlOrOptions, options ?? {});
    else super(urlOrOptions);
    this.on('error', () => undefined); // the cluster bus reports outages
    const subscribe = this.subscribe.bind(this) as (...args: unknown[]) => Promise<unknown>;
    (this as { subscribe: unknown }).subscribe = (...args: unknown[]) => {
      const answer = subscribe(...args);
      answer.catch(() => undefined);
      return answer;
    };
  }

  /**
   * The adapter's readers keep ioredis's offline queue and never give a command up: the
   * adapter re-issues a failed XREAD at once, so failing fast while Redis is down would spin
   * the event loop.
   */
  override duplicate(override?: Partial<RedisOptions>): AdapterRedis {
    return new AdapterRedis({ ...this.options, enableOfflineQueue: true, maxRetriesPerRequest: null, ...override });
  }
}
