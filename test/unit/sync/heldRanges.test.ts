/**
 * Another process's commits reaching a room out of order (issue 11): a range that comes past a
 * gap is held and applied once the range before it arrives, without reading the store; a gap
 * that stays open is filled from the store. A real BoardRoom over a real SqliteStore, the other
 * process's commits appended to the same store, as on one database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, initBoard, readDeals, selectColumns, SYSTEM_ORIGIN, userOrigin } from '../../../shared/src/board';
import { BoardRoom, type RoomPeers } from '../../../server/src/sync/BoardRoom';
import { SqliteStore } from '../../../server/src/store/sqlite/SqliteStore';
import { clusterRanges } from '../../../server/src/metrics/metrics';
import { waitFor } from '../../helpers/clients';

let dataDir: string;
let store: SqliteStore;
let ownerId: string;
let boards = 0;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tranche-held-ranges-'));
  store = new SqliteStore({ dataDir });
  ownerId = (await store.createUser({ email: 'held@example.com', name: 'Held', passwordHash: 'unused' })).id;
});
afterAll(async () => {
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const noPeers: RoomPeers = { committed: () => undefined, awareness: () => undefined };

/** How the room took other processes' ranges so far (tranche_cluster_ranges_total). */
async function ranges(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await clusterRanges.get()).values) out[String(v.labels.how)] = v.value;
  return out;
}

/** A loaded room and "another process" writing to the same board through the store. */
async function setUp() {
  const boardId = `held-${++boards}`;
  await store.createBoard({ id: boardId, name: 'Held', ownerId });
  const room = await BoardRoom.load({ boardId, store, publisher: { saved: () => undefined, activity: () => undefined }, compactEvery: 1_000, peers: noPeers });
  const init = initBoard(room.doc, { name: 'Held', template: 'pipeline' }, SYSTEM_ORIGIN, {
    now: new Date(),
    newId: () => `c${Math.random().toString(36).slice(2)}`,
  });
  expect(init.ok).toBe(true);
  await room.flush();
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc));
  const columnId = selectColumns(other).columns[0]!.id;
  /** The other process commits one deal: its seq and update. */
  const commit = async (title: string) => {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    other.once('update', capture);
    expect(createDeal(other, { columnId, title }, userOrigin(ownerId)).ok).toBe(true);
    const seq = await store.appendUpdates(boardId, [{ update: update!, userId: ownerId, at: new Date().toISOString() }]);
    return { seq, update: update! };
  };
  const titles = () => readDeals(room.doc).flatMap((d) => (d.invalid ? [] : [d.title]));
  return { room, commit, titles, destroy: () => room.destroy() };
}

describe('other processes’ ranges out of order', () => {
  it('holds a range that came past a gap and applies it once the one before arrives, reading nothing from the store', async () => {
    const { room, commit, titles, destroy } = await setUp();
    try {
      const watermark = room.appliedThrough;
      const first = await commit('First');
      const second = await commit('Second');
      expect(second.seq).toBe(first.seq + 1);
      const before = await ranges();

      await room.receiveCommitted(second.seq, second.seq, second.update, []);
      expect(room.appliedThrough).toBe(watermark); // held, not applied past the gap
      await room.receiveCommitted(first.seq, first.seq, first.update, []);
      expect(room.appliedThrough).toBe(second.seq);
      expect(titles()).toEqual(expect.arrayContaining(['First', 'Second']));

      const after = await ranges();
      expect((after.next ?? 0) - (before.next ?? 0)).toBe(1);
      expect((after.held ?? 0) - (before.held ?? 0)).toBe(1);
      expect(after.store ?? 0).toBe(before.store ?? 0);
      // A range already applied is dropped.
      await room.receiveCommitted(first.seq, first.seq, first.update, []);
      expect(room.appliedThrough).toBe(second.seq);
    } finally {
      destroy();
    }
  });

  it('fills a gap that stays open from the store', async () => {
    const { room, commit, titles, destroy } = await setUp();
    try {
      await commit('Lost on the bus');
      const second = await commit('Arrived');
      const before = await ranges();
      await room.receiveCommitted(second.seq, second.seq, second.update, []);
      await waitFor(() => room.appliedThrough === second.seq, 'the gap filled from the store');
      expect(titles()).toEqual(expect.arrayContaining(['Lost on the bus', 'Arrived']));
      expect(((await ranges()).store ?? 0) - (before.store ?? 0)).toBeGreaterThanOrEqual(1);
    } finally {
      destroy();
    }
  });
});
