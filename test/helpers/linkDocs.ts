/**
 * Connect Y.Docs like a network the test controls: every local update is
 * queued for every other doc and delivered only when the test calls `flush`.
 * Updates applied from the link carry the `REMOTE` origin and are not relayed
 * (the docs form a full mesh).
 */
import * as Y from 'yjs';

export const REMOTE = Symbol('remote');

export interface DocLink {
  /** Deliver queued updates in send order: all of them, or only `from` → `to` when given. */
  flush(from?: Y.Doc, to?: Y.Doc): void;
  /** How many updates wait in the queues. */
  pending(): number;
  /** Bring every doc fully up to date with every other (state-vector exchange), whatever is queued. */
  sync(): void;
  /** Stop listening. Queued updates are dropped. */
  destroy(): void;
}

export function linkDocs(...docs: Y.Doc[]): DocLink {
  const queues = new Map<Y.Doc, Map<Y.Doc, Uint8Array[]>>();
  const handlers = docs.map((doc) => {
    const out = new Map<Y.Doc, Uint8Array[]>();
    for (const other of docs) if (other !== doc) out.set(other, []);
    queues.set(doc, out);
    const handler = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (const queue of out.values()) queue.push(update);
    };
    doc.on('update', handler);
    return () => doc.off('update', handler);
  });
  return {
    flush(from, to) {
      for (const [sender, out] of queues) {
        if (from && sender !== from) continue;
        for (const [receiver, queue] of out) {
          if (to && receiver !== to) continue;
          for (const update of queue.splice(0)) Y.applyUpdate(receiver, update, REMOTE);
        }
      }
    },
    pending() {
      let n = 0;
      for (const out of queues.values()) for (const queue of out.values()) n += queue.length;
      return n;
    },
    sync() {
      for (const a of docs) {
        for (const b of docs) {
          if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE);
        }
      }
    },
    destroy() {
      handlers.forEach((off) => off());
      queues.clear();
    },
  };
}
