/**
 * The notification bus between Tranche processes, on Redis pub/sub (ioredis 5).
 *
 * PostgreSQL is the only source of truth; the bus only makes other processes hear of a
 * commit sooner. Messages may be lost (pub/sub has no replay, Redis may restart empty):
 * every receiver fills gaps from the store, and the hub's 1 s head poll catches up
 * whatever the bus never delivered. Publishing never waits for Redis: while it is down,
 * messages are dropped (no offline queue) and delivery falls back to the poll.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log';
import { AdapterRedis } from './adapterRedis';
import type { BoardMessage, ControlMessage } from './messages';

const BOARD_PREFIX = 'tranche:board:';
const CONTROL_CHANNEL = 'tranche:control';
/** The longest an access change waits for Redis to take its broadcast. */
const CONTROL_ACK_TIMEOUT_MS = 1_000;

export interface ClusterBusEvents {
  /** A message about a board this process subscribed to (never its own), from process `from`. */
  onBoard(boardId: string, message: BoardMessage, from: string): void;
  /** A cluster-wide access change from another process. */
  onControl(message: ControlMessage): void;
  /** The subscriber connection is (again) ready: messages may have been missed meanwhile. */
  onReconnected(): void;
}

export class ClusterBus {
  /** This process's id; a message carries it so its sender can ignore it. */
  readonly processId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private handlers: ClusterBusEvents | null = null;
  private up = false;
  private closed = false;

  private readonly adapterClients: Redis[] = [];

  constructor(private readonly redisUrl: string) {
    // No offline queue on the publisher: a message Redis cannot take now is dropped, never
    // delivered late (the head poll covers it). The subscriber keeps its queue and
    // ioredis re-subscribes every channel after a reconnect (autoResubscribe).
    const retryStrategy = (times: number): number => Math.min(times * 200, 2_000);
    this.publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, lazyConnect: false });
    this.subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy, autoResubscribe: true });
    this.publisher.on('error', () => undefined); // reported once per outage below
    this.subscriber.on('error', (error: Error) => {
      if (this.up) log.warn('cluster', 'Redis connection lost; cross-process delivery falls back to the 1 s head poll', { error: error.message });
      this.up = false;
    });
    this.subscriber.on('end', () => (this.up = false));
    this.subscriber.on('close', () => {
      if (this.up && !this.closed) log.warn('cluster', 'Redis connection closed; cross-process delivery falls back to the 1 s head poll');
      this.up = false;
    });
    this.subscriber.on('ready', () => {
      const wasDown = !this.up;
      this.up = true;
      if (wasDown) log.info('cluster', 'Redis connection ready', { processId: this.processId });
      this.handlers?.onReconnected();
    });
    this.subscriber.on('messageBuffer', (channelBytes: Buffer, payload: Buffer) => this.receive(channelBytes.toString(), payload));
    void this.subscriber.subscribe(CONTROL_CHANNEL).catch(() => undefined);
  }

  /**
   * A client of its own for the Socket.IO adapter, which publishes on it and duplicates it for
   * its reads. The adapter awaits each publish before it delivers to this process's own
   * sockets, so publishing fails fast while Redis is down (no offline queue): otherwise every
   * local board:saved, activity:added and sign-out disconnect would wait for Redis to return.
   * The duplicates keep the queue (AdapterRedis.duplicate).
   */
  createAdapterClient(): Redis {
    const retryStrategy = (times: number): number => Math.min(times * 200, 2_000);
    const client = new AdapterRedis(this.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
    this.adapterClients.push(client);
    return client;
  }

  /** Whether the bus is connected now (for /api/ready's report and logs). */
  get connected(): boolean {
    return this.up;
  }

  listen(handlers: ClusterBusEvents): void {
    this.handlers = handlers;
  }

  async subscribe(boardId: string): Promise<void> {
    await this.subscriber.subscribe(BOARD_PREFIX + boardId).catch((error: Error) => {
      // Down: ioredis subscribes again on reconnect only channels it knew; the head poll covers the rest.
      log.warn('cluster', 'could not subscribe to a board channel', { boardId, error: error.message });
    });
  }

  async unsubscribe(boardId: string): Promise<void> {
    await this.subscriber.unsubscribe(BOARD_PREFIX + boardId).catch(() => undefined);
  }

  publishBoard(boardId: string, message: BoardMessage): void {
    void this.send(BOARD_PREFIX + boardId, message);
  }

  /**
   * Resolves once Redis has handed the message to every subscriber (PUBLISH answered), so
   * an HTTP answer sent after it reaches a client after the other processes got the word;
   * or, when Redis is down or slow, after CONTROL_ACK_TIMEOUT_MS: the rechecks cover it.
   */
  publishControl(message: ControlMessage): Promise<void> {
    const sent = this.send(CONTROL_CHANNEL, message);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CONTROL_ACK_TIMEOUT_MS)));
    return Promise.race([sent, timeout]).finally(() => clearTimeout(timer));
  }

  private send(channel: string, message: BoardMessage | ControlMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    const payload = JSON.stringify({ ...message, from: this.processId });
    return this.publisher.publish(channel, payload).then(
      () => undefined,
      () => undefined, // dropped while Redis is down
    );
  }

  private receive(channel: string, payload: Buffer): void {
    let message: (BoardMessage | ControlMessage) & { from?: unknown };
    try {
      message = JSON.parse(payload.toString()) as typeof message;
    } catch {
      log.warn('cluster', 'ignored a malformed cluster message', { channel });
      return;
    }
    if (typeof message.from !== 'string' || message.from === this.processId || !this.handlers) return;
    try {
      if (channel === CONTROL_CHANNEL) this.handlers.onControl(message as ControlMessage);
      else if (channel.startsWith(BOARD_PREFIX)) this.handlers.onBoard(channel.slice(BOARD_PREFIX.length), message as BoardMessage, message.from);
    } catch (error) {
      log.error('cluster', 'handling a cluster message failed', { channel, error: (error as Error).message });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriber.disconnect();
    this.publisher.disconnect();
    for (const client of this.adapterClients) client.disconnect();
  }
}
