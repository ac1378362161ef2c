/**
 * A hostile network between replicas: every update is queued per link and
 * delivered out of order, sometimes twice, sometimes late; partitions cut
 * links until they heal. Updates applied from the network are not relayed.
 */
import * as Y from 'yjs';
import type { Random } from './random';

export const FROM_NETWORK = Symbol('network');

export class Network {
  /** queues[from][to] */
  private readonly queues: Uint8Array[][][];
  /** group[i]: replicas in different groups cannot talk. */
  private group: number[];

  constructor(
    readonly docs: Y.Doc[],
    private readonly rnd: Random,
    /** Debug hook: sees every update applied from the network (`to`), and every local one (`-1 - from`). */
    private readonly trace?: (to: number, update: Uint8Array) => void,
  ) {
    this.queues = docs.map(() => docs.map(() => []));
    this.group = docs.map(() => 0);
    docs.forEach((doc, from) => {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === FROM_NETWORK) return;
        this.trace?.(-1 - from, update);
        docs.forEach((_, to) => to !== from && this.queues[from]![to]!.push(update));
      });
    });
  }

  get partitioned(): boolean {
    return this.group.some((g) => g !== 0);
  }

  /** Split the replicas into two random groups (at least one replica cut off). */
  partition(): void {
    this.group = this.docs.map(() => this.rnd.int(2));
    if (this.group.every((g) => g === this.group[0])) this.group[0] = 1 - (this.group[0] ?? 0);
  }

  /** Heal every partition; optionally run a y-websocket style state-vector sync on reconnect. */
  heal(syncOnReconnect: boolean): void {
    this.group = this.docs.map(() => 0);
    if (!syncOnReconnect) return;
    const a = this.rnd.int(this.docs.length);
    const b = (a + 1 + this.rnd.int(this.docs.length - 1)) % this.docs.length;
    this.queues[a]![b]!.push(Y.encodeStateAsUpdate(this.docs[a]!, Y.encodeStateVector(this.docs[b]!)));
  }

  private open(): [number, number][] {
    const links: [number, number][] = [];
    this.queues.forEach((row, from) =>
      row.forEach((queue, to) => {
        if (queue.length > 0 && this.group[from] === this.group[to]) links.push([from, to]);
      }),
    );
    return links;
  }

  /** Deliver one random queued update on an open link: any position, sometimes kept for a duplicate. */
  deliverOne(): boolean {
    const link = this.rnd.pick(this.open());
    if (!link) return false;
    const [from, to] = link;
    const queue = this.queues[from]![to]!;
    const index = this.rnd.chance(0.7) ? 0 : this.rnd.int(queue.length);
    const update = queue[index]!;
    if (!this.rnd.chance(0.1)) queue.splice(index, 1);
    const times = this.rnd.chance(0.05) ? 2 : 1;
    for (let i = 0; i < times; i++) {
      this.trace?.(to, update);
      Y.applyUpdate(this.docs[to]!, update, FROM_NETWORK);
    }
    return true;
  }

  /**
   * The y-websocket handshake between every pair (sync step 1/2: each sends
   * what the other's state vector lacks). Besides catching up, this heals a
   * Yjs 13.6 bug where non-causal delivery can leave structs pending forever
   * although all their dependencies arrived (fixtures/yjs-pending-deadlock.json).
   */
  syncAll(): void {
    this.docs.forEach((a, from) =>
      this.docs.forEach((b, to) => {
        if (from !== to) this.queues[from]![to]!.push(Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      }),
    );
  }

  /** Heal and deliver everything, in random order. */
  drain(): void {
    this.heal(false);
    while (this.deliverOne()) {
      /* keep delivering */
    }
  }

  pending(): number {
    return this.queues.flat().reduce((n, q) => n + q.length, 0);
  }
}
