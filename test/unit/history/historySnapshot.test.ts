/**
 * The history form of a snapshot (server/src/history/historySnapshot.ts) gives exactly the
 * board the full snapshot gives, once the log after it is replayed: checked at every pair
 * of moments of seeded logs written by three clients that go offline and come back (so
 * some updates set values the history form left out, and must fall back to the full one).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, createDeal, deleteDeal, editComment, initBoard, moveDeal, readDeals, updateDeal, userOrigin } from '../../../shared/src/board';
import { encodeHistorySnapshot, replaysExactly } from '../../../server/src/history/historySnapshot';
import { exportBoard } from '../../../server/src/http/exportFormat';

function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

interface Log {
  updates: Uint8Array[];
  /** After each logged update: the full snapshot and its history form at that point. */
  snapshots: Array<{ full: Uint8Array; history: Uint8Array }>;
}

/** A board edited by three clients that sync to the server in turns, sometimes after many offline edits. */
function writeLog(seed: number, steps: number): Log {
  const rand = random(seed);
  const server = new Y.Doc();
  const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const origin = userOrigin('u1');
  const log: Log = { updates: [], snapshots: [] };
  const commit = (update: Uint8Array) => {
    const before = Y.encodeStateVector(server);
    Y.applyUpdate(server, update);
    const change = Y.encodeStateAsUpdate(server, before);
    if (Y.parseUpdateMeta(change).to.size === 0 && Y.decodeUpdate(change).ds.clients.size === 0) return;
    log.updates.push(change);
    log.snapshots.push({ full: Y.encodeStateAsUpdate(server), history: encodeHistorySnapshot(server) });
  };
  const sync = (client: Y.Doc) => {
    commit(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
  };
  const first = clients[0]!;
  const init = initBoard(first, { name: 'Fuzz', currency: 'USD', template: 'pipeline' }, origin);
  if (!init.ok) throw new Error(init.error.message);
  for (let i = 0; i < 4; i++) createDeal(first, { columnId: init.value.columnIds[i]!, title: `Deal ${i}`, amount: 100 * (i + 1) }, origin);
  sync(first);
  for (const client of clients) sync(client);
  const columns = init.value.columnIds;
  for (let step = 0; step < steps; step++) {
    const client = clients[Math.floor(rand() * clients.length)]!;
    const deals = readDeals(client).filter((d) => !('invalid' in d && d.invalid));
    const deal = deals[Math.floor(rand() * deals.length)];
    const pick = rand();
    if (!deal || pick < 0.05) createDeal(client, { columnId: columns[Math.floor(rand() * columns.length)]!, title: `New ${step}` }, origin);
    else if (pick < 0.25) moveDeal(client, { dealId: deal.id, toColumnId: columns[Math.floor(rand() * columns.length)]! }, origin);
    else if (pick < 0.45) updateDeal(client, { dealId: deal.id, patch: { amount: Math.round(rand() * 1000) } }, origin);
    else if (pick < 0.6) updateDeal(client, { dealId: deal.id, patch: { title: `T${step}`, tags: rand() < 0.5 ? ['a', `t${step}`] : [] } }, origin);
    else if (pick < 0.72) updateDeal(client, { dealId: deal.id, patch: { notes: rand() < 0.5 ? `notes ${step} ok` : `n${step}` } }, origin);
    else if (pick < 0.82) addComment(client, { dealId: deal.id, body: `c${step}` }, origin);
    else if (pick < 0.88) {
      const comment = 'comments' in deal ? deal.comments[0] : undefined;
      if (comment) editComment(client, { dealId: deal.id, commentId: comment.id, body: `e${step}` }, origin);
    } else if (pick < 0.92 && deals.length > 2) deleteDeal(client, { dealId: deal.id }, origin);
    // Each client syncs now and then: in between it edits offline, on what it saw last.
    if (rand() < 0.35) sync(client);
  }
  for (const client of clients) sync(client);
  return log;
}

function boardFrom(snapshot: Uint8Array, updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, snapshot);
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

describe('history snapshots', () => {
  it('has far fewer items to integrate than the snapshot it stands for', () => {
    const { snapshots } = writeLog(3, 300);
    const last = snapshots[snapshots.length - 1]!;
    const items = (update: Uint8Array) => Y.decodeUpdate(update).structs.filter((s) => s instanceof Y.Item).length;
    expect(items(last.history)).toBeLessThan(items(last.full) * 0.75);
    expect(last.history.byteLength).toBeLessThan(last.full.byteLength);
  });

  for (const seed of [1, 2, 5, 8]) {
    it(`replays to exactly the full snapshot's board, or says it cannot (seed ${seed})`, () => {
      const { updates, snapshots } = writeLog(seed, 160);
      let exact = 0;
      let fellBack = 0;
      for (let from = 0; from < snapshots.length; from += 3) {
        for (let to = from; to <= Math.min(updates.length, from + 30); to += 2) {
          const tail = updates.slice(from + 1, to + 1);
          const light = new Y.Doc();
          Y.applyUpdate(light, snapshots[from]!.history);
          // Without replaying anything, the board is the same.
          if (to === from) expect(exportBoard(light)).toEqual(exportBoard(boardFrom(snapshots[from]!.full, [])));
          if (!replaysExactly(light, tail)) {
            fellBack++;
            continue;
          }
          light.transact(() => tail.forEach((u) => Y.applyUpdate(light, u)));
          const full = boardFrom(snapshots[from]!.full, tail);
          expect(exportBoard(light)).toEqual(exportBoard(full));
          expect(light.toJSON()).toEqual(full.toJSON());
          exact++;
        }
      }
      expect(exact).toBeGreaterThan(50);
      expect(fellBack).toBeGreaterThan(0);
    });
  }

  it('falls back when an offline client overwrites a value it saw before others changed it', () => {
    const origin = userOrigin('u1');
    const a = new Y.Doc();
    const init = initBoard(a, { name: 'B', currency: 'USD', template: 'pipeline' }, origin);
    if (!init.ok) throw new Error(init.error.message);
    const made = createDeal(a, { columnId: init.value.columnIds[0]!, title: 'Deal', amount: 1 }, origin);
    if (!made.ok) throw new Error(made.error.message);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateDeal(a, { dealId: made.value.dealId, patch: { amount: 2 } }, origin); // b does not see this
    const offline = Y.encodeStateVector(b);
    updateDeal(b, { dealId: made.value.dealId, patch: { amount: 3 } }, origin);
    const light = new Y.Doc();
    Y.applyUpdate(light, encodeHistorySnapshot(a));
    expect(replaysExactly(light, [Y.encodeStateAsUpdate(b, offline)])).toBe(false);
  });
});
