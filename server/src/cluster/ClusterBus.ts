/**
 * The notification bus between Tranche processes, on Redis pub/sub (ioredis 5).
 *
 * PostgreSQL is the only source of truth; the bus only makes other processes hear of a
 * commit sooner. Messages may be lost (pub/sub has no replay, Redis may restart empty):
 * every receiver fills gaps from the store, and the hub's 1 s head poll catches up
 * whatever the bus never delivered. Publishing never waits for Redis: while it is down,
 * messages are dropped (no offline queue) and delivery falls back to the poll. Access
 * changes (control messages) are acknowledged by every process that applied them, and
 * their sender waits for that, at most CONTROL_ACK_TIMEOUT_MS.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log';
import { AdapterRedis } from './adapterRedis';
import type { BoardMessage, ControlAck, ControlMessage } from './messages';

const BOARD_PREFIX = 'tranche:board:';
const CONTROL_CHANNEL = 'tranche:control';
/** Each process hears the acknowledgements of its own control messages on a channel of its own. */
const ACK_PREFIX = 'tranche:ack:';
/**
 * The longest an access change waits for every process to acknowledge it. Past it the HTTP
 * answer goes out anyway: a process that never answered is slow or cut off from Redis, and
 * its periodic recheck (failing closed) enforces the change a few seconds later.
 */
export const CONTROL_ACK_TIMEOUT_MS = 1_000;
/** Every process says it is alive this often, so the others notice one that died (kill -9). */
const HEARTBEAT_CHANNEL = 'tranche:alive';
export const HEARTBEAT_MS = 1_000;
/**
 * A peer not heard for this long is taken for dead and its connections' awareness dropped
 * (it would otherwise linger the 30 s of y-protocols' timeout). Several beats: an event loop
 * stalled a second or two under load is not a death, and a peer heard again is asked anew.
 */
export const PEER_SILENT_MS = 5_000;

/** A control message this process sent, waiting for its receivers' acknowledgements. */
interface PendingAcks {
  /** The processes that acknowledged it (a process counts once). */
  acked: Set<string>;
  /** How many subscribers PUBLISH reported (unknown until it answers). */
  receivers: number;
  done(): void;
}

export interface ClusterBusEvents {
  /** A message about a board this process subscribed to (never its own), from process `from`. */
  onBoard(boardId: string, message: BoardMessage, from: string): void;
  /** A cluster-wide access change from another process; acknowledged once the returned promise settles. */
  onControl(message: ControlMessage): Promise<void>;
  /** The subscriber connection is (again) ready: messages may have been missed meanwhile. */
  onReconnected(): void;
  /** Process `processId` has not been heard for PEER_SILENT_MS: its connections are gone with it. */
  onPeerGone(processId: string): void;
  /** A process taken for gone is heard again (it was stalled, or cut off from Redis). */
  onPeerBack(processId: string): void;
}

export class ClusterBus {
  /** This process's id; a message carries it so its sender can ignore it. */
  readonly processId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private handlers: ClusterBusEvents | null = null;
  private up = false;
  private closed = false;
  private readonly ackChannel = ACK_PREFIX + this.processId;
  private readonly pendingAcks = new Map<string, PendingAcks>();
  /** When each peer was last heard (its beat or any other message), and those taken for gone. */
  private readonly peersHeard = new Map<string, number>();
  /** When beat() last ran (performance.now()), to tell this process's own stalls. */
  private lastBeatAt = performance.now();
  private readonly peersGone = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;

  private readonly adapterClients: Redis[] = [];
  private readonly adapterReadyListeners: Array<() => void> = [];

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
    void this.subscriber.subscribe(CONTROL_CHANNEL, this.ackChannel, HEARTBEAT_CHANNEL).catch(() => undefined);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
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
    client.on('ready', () => {
      for (const listener of this.adapterReadyListeners) listener();
    });
    this.adapterClients.push(client);
    return client;
  }

  /** Whether the adapter's publishing connection is up (a broadcast made now reaches Redis). */
  get adapterUp(): boolean {
    return this.adapterClients.every((client) => client.status === 'ready');
  }

  /** Calls `listener` each time the adapter's publishing connection is (again) ready. */
  onAdapterReady(listener: () => void): void {
    this.adapterReadyListeners.push(listener);
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
    this.send(BOARD_PREFIX + boardId, message);
  }

  /**
   * Resolves once every process subscribed to the control channel has applied the message
   * (closed or demoted the connections it names) and acknowledged it: PUBLISH reports how
   * many subscribers took it, and each sends back an ack, this process's own included. So
   * an HTTP answer sent after it reaches the client after every process acted, and a write
   * the client sends next to any process is refused there. When Redis is down (nobody took
   * it) it resolves at once; when a process is slow, after CONTROL_ACK_TIMEOUT_MS, with a
   * warning: the periodic rechecks cover both.
   */
  async publishControl(message: ControlMessage): Promise<void> {
    if (this.closed) return;
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    // Registered before PUBLISH: acks come on the subscriber connection and may beat its reply.
    const pending: PendingAcks = { acked: new Set(), receivers: Number.POSITIVE_INFINITY, done: () => undefined };
    const allAcked = new Promise<boolean>((resolve) => {
      pending.done = () => resolve(true);
      timer = setTimeout(() => resolve(false), CONTROL_ACK_TIMEOUT_MS);
    });
    this.pendingAcks.set(id, pending);
    void this.publisher.publish(CONTROL_CHANNEL, JSON.stringify({ ...message, id, from: this.processId })).then(
      (receivers) => {
        pending.receivers = receivers;
        if (pending.acked.size >= receivers) pending.done();
      },
      (error: unknown) => {
        // Redis is down (or only this process's link to it): nobody heard it; the rechecks enforce it.
        log.warn('cluster', 'could not broadcast an access change; the other processes’ rechecks enforce it', { type: message.type, error: String(error) });
        pending.done();
      },
    );
    try {
      const acked = await allAcked;
      if (!acked) {
        log.warn('cluster', 'not every process acknowledged an access change in time; their rechecks enforce it', {
          type: message.type,
          acked: pending.acked.size,
          receivers: Number.isFinite(pending.receivers) ? pending.receivers : 'unknown',
          timeoutMs: CONTROL_ACK_TIMEOUT_MS,
        });
      }
    } finally {
      clearTimeout(timer);
      this.pendingAcks.delete(id);
    }
  }

  private send(channel: string, message: BoardMessage | ControlAck): void {
    if (this.closed) return;
    const payload = JSON.stringify({ ...message, from: this.processId });
    this.publisher.publish(channel, payload).catch(() => undefined); // dropped while Redis is down
  }

  private receive(channel: string, payload: Buffer): void {
    let message: (BoardMessage | ControlMessage | ControlAck) & { from?: unknown; id?: unknown };
    try {
      message = JSON.parse(payload.toString()) as typeof message;
    } catch {
      log.warn('cluster', 'ignored a malformed cluster message', { channel });
      return;
    }
    const from = message.from;
    if (typeof from !== 'string' || !this.handlers) return;
    // Any message says its sender is alive (its awareness may come before its first beat).
    this.heard(from);
    if (channel === HEARTBEAT_CHANNEL) return;
    if (channel === this.ackChannel) return this.acknowledged(message as ControlAck, from);
    if (channel === CONTROL_CHANNEL) return this.control(message as ControlMessage & { id?: unknown }, from);
    if (from === this.processId) return;
    try {
      if (channel.startsWith(BOARD_PREFIX)) this.handlers.onBoard(channel.slice(BOARD_PREFIX.length), message as BoardMessage, from);
    } catch (error) {
      log.error('cluster', 'handling a cluster message failed', { channel, error: String(error) });
    }
  }

  /** Applies another process's access change, then tells the sender; its own is applied by its caller. */
  private control(message: ControlMessage & { id?: unknown }, from: string): void {
    const ack = (): void => {
      if (typeof message.id === 'string') this.send(ACK_PREFIX + from, { id: message.id });
    };
    if (from === this.processId) return ack();
    const handlers = this.handlers!;
    Promise.resolve()
      .then(() => handlers.onControl(message))
      .then(ack, (error: unknown) => {
        // No ack: the sender's wait runs out and the rechecks enforce the change.
        log.error('cluster', 'applying an access change failed', { type: message.type, error: String(error) });
      });
  }

  /**
   * Says this process is alive, and takes peers silent for PEER_SILENT_MS for gone. Silence is
   * measured on the monotonic clock (a wall-clock step is not silence), and not judged right
   * after this process itself stalled: its peers' beats are then still unread in the socket.
   */
  private beat(): void {
    if (this.closed) return;
    this.publisher.publish(HEARTBEAT_CHANNEL, JSON.stringify({ from: this.processId })).catch(() => undefined);
    const now = performance.now();
    const stalled = now - this.lastBeatAt > 2 * HEARTBEAT_MS;
    this.lastBeatAt = now;
    if (stalled) {
      for (const processId of this.peersHeard.keys()) this.peersHeard.set(processId, now);
      return;
    }
    for (const [processId, heard] of this.peersHeard) {
      if (now - heard < PEER_SILENT_MS) continue;
      this.peersHeard.delete(processId);
      this.peersGone.add(processId);
      log.warn('cluster', 'a peer process went silent; dropping its connections’ awareness', { processId, silentMs: Math.round(now - heard) });
      try {
        this.handlers?.onPeerGone(processId);
      } catch (error) {
        log.error('cluster', 'dropping a silent peer’s awareness failed', { processId, error: String(error) });
      }
    }
  }

  private heard(from: string): void {
    if (from === this.processId) return;
    this.peersHeard.set(from, performance.now());
    if (this.peersGone.delete(from)) {
      log.info('cluster', 'a peer process taken for gone is heard again', { processId: from });
      try {
        this.handlers?.onPeerBack(from);
      } catch (error) {
        log.error('cluster', 'greeting a peer heard again failed', { processId: from, error: String(error) });
      }
    }
  }

  private acknowledged(ack: ControlAck, from: string): void {
    const pending = typeof ack.id === 'string' ? this.pendingAcks.get(ack.id) : undefined;
    if (!pending) return; // late (the wait ran out) or not ours
    pending.acked.add(from);
    if (pending.acked.size >= pending.receivers) pending.done();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.subscriber.disconnect();
    this.publisher.disconnect();
    for (const client of this.adapterClients) client.disconnect();
  }
}
