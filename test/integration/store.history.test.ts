/**
 * Store.loadDocumentAt on the store under test (SQLite, or PostgreSQL in the pg project):
 * the nearest kept snapshot at or before a moment plus the log after it up to the moment;
 * compaction and writeSnapshot keep older snapshots (history starts from them).
 */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadBoardAt } from '../../server/src/history/boardAt';
import type { LoadedDocument, Store } from '../../server/src/store/Store';
import { tempDir } from '../helpers/startServer';
import { openTestStore, removeStoreFor } from '../helpers/testStores';

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await removeStoreFor(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function open(): Promise<Store> {
  const dir = await tempDir();
  const store = await openTestStore(dir);
  opened.push({ store, dir });
  return store;
}

/** The `value` key of the document a loaded state builds. */
function valueOf(loaded: LoadedDocument): unknown {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.update);
  return doc.getMap('board').get('value') ?? null;
}

describe('Store.loadDocumentAt', () => {
  it('builds each moment from the nearest snapshot at or before it, keeping older snapshots', async () => {
    const store = await open();
    const user = await store.createUser({ email: 'h@example.com', name: 'H', passwordHash: 'x' });
    await store.createBoard({ id: 'b1', name: 'B', ownerId: user.id });
    const doc = new Y.Doc();
    const times: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const before = Y.encodeStateVector(doc);
      doc.getMap('board').set('value', i);
      const at = `2026-01-0${i}T12:00:00.000Z`;
      times.push(at);
      await store.appendUpdates('b1', [{ update: Y.encodeStateAsUpdate(doc, before), userId: user.id, at }]);
      if (i === 2) await store.compact('b1', 2);
      if (i === 4) await store.writeSnapshot('b1', 4, Y.encodeStateAsUpdate(doc));
      if (i === 5) await store.compact('b1', 5);
    }
    expect(valueOf(await store.loadDocumentAt('b1', '2025-12-31T00:00:00.000Z'))).toBeNull();
    const expected = [
      { at: times[0]!, value: 1, snapshotSeq: 0, updates: 1 },
      { at: '2026-01-02T13:00:00.000Z', value: 2, snapshotSeq: 2, updates: 0 },
      { at: times[2]!, value: 3, snapshotSeq: 2, updates: 1 },
      { at: times[3]!, value: 4, snapshotSeq: 4, updates: 0 },
      { at: '2026-01-05T11:59:59.999Z', value: 4, snapshotSeq: 4, updates: 0 },
      { at: times[4]!, value: 5, snapshotSeq: 5, updates: 0 },
      { at: '2027-01-01T00:00:00.000Z', value: 6, snapshotSeq: 5, updates: 1 },
    ];
    for (const { at, value, snapshotSeq, updates } of expected) {
      const loaded = await store.loadDocumentAt('b1', at);
      expect({ at, value: valueOf(loaded), snapshotSeq: loaded.snapshotSeq, updates: loaded.updates.length }).toEqual({ at, value, snapshotSeq, updates });
    }
    expect(await store.listUpdateTimes('b1', 100)).toEqual(times);
    expect(await store.listUpdateTimes('b1', 2)).toEqual(times.slice(-2));
    // The live load still starts from the newest snapshot.
    expect((await store.loadDocument('b1')).snapshotSeq).toBe(5);
  });

  it('keeps history forms: written by compaction, given to writeSnapshot, kept later; listUpdates up to a seq', async () => {
    const store = await open();
    const user = await store.createUser({ email: 'k@example.com', name: 'K', passwordHash: 'x' });
    await store.createBoard({ id: 'b2', name: 'B', ownerId: user.id });
    const doc = new Y.Doc();
    for (let i = 1; i <= 3; i++) {
      const before = Y.encodeStateVector(doc);
      doc.getMap('board').set('value', i);
      await store.appendUpdates('b2', [{ update: Y.encodeStateAsUpdate(doc, before), userId: user.id, at: `2026-01-0${i}T12:00:00.000Z` }]);
    }
    await store.compact('b2', 1);
    await store.writeSnapshot('b2', 2, Y.encodeStateAsUpdate(doc), new Uint8Array([0, 0]));
    await store.writeSnapshot('b2', 3, Y.encodeStateAsUpdate(doc));
    const compacted = await store.loadDocumentAt('b2', '2026-01-01T12:00:00.000Z', { history: true });
    expect({ seq: compacted.snapshotSeq, history: compacted.historySnapshot, value: valueOf(compacted) }).toEqual({ seq: 1, history: true, value: 1 });
    const given = await store.loadDocumentAt('b2', '2026-01-02T12:00:00.000Z', { history: true });
    expect({ seq: given.snapshotSeq, history: given.historySnapshot, bytes: [...given.snapshot!] }).toEqual({ seq: 2, history: true, bytes: [0, 0] });
    // Without `history`, the full snapshot; a snapshot without a history form gives its full state.
    expect((await store.loadDocumentAt('b2', '2026-01-02T12:00:00.000Z')).historySnapshot).toBeUndefined();
    expect((await store.loadDocumentAt('b2', '2026-01-03T12:00:00.000Z', { history: true })).historySnapshot).toBeUndefined();
    await store.writeHistorySnapshot('b2', 3, new Uint8Array([0, 0]));
    expect((await store.loadDocumentAt('b2', '2026-01-03T12:00:00.000Z', { history: true })).historySnapshot).toBe(true);
    expect((await store.listUpdates('b2', 1, 2)).map((u) => u.seq)).toEqual([2]);
    expect((await store.listUpdates('b2', 1)).map((u) => u.seq)).toEqual([2, 3]);
  });

  it('rebuilds a moment exactly when an update after the snapshot sets a value its history form left out', async () => {
    const store = await open();
    const user = await store.createUser({ email: 'f@example.com', name: 'F', passwordHash: 'x' });
    await store.createBoard({ id: 'b3', name: 'B', ownerId: user.id });
    const online = new Y.Doc();
    const append = (update: Uint8Array, at: string) => store.appendUpdates('b3', [{ update, userId: user.id, at }]);
    online.getMap('board').set('value', 1);
    await append(Y.encodeStateAsUpdate(online), '2026-01-01T12:00:00.000Z');
    // An offline client saw value 1; meanwhile value becomes 2 and is compacted.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(online));
    const seen = Y.encodeStateVector(online);
    online.getMap('board').set('value', 2);
    await append(Y.encodeStateAsUpdate(online, seen), '2026-01-02T12:00:00.000Z');
    await store.compact('b3', 2);
    offline.getMap('board').set('value', 3);
    await append(Y.encodeStateAsUpdate(offline, seen), '2026-01-03T12:00:00.000Z');
    // The document every replica converges to, built from the whole log.
    const converged = new Y.Doc();
    for (const u of await store.listUpdates('b3')) Y.applyUpdate(converged, u.update);
    const { doc } = await loadBoardAt(store, 'b3', '2026-01-03T12:00:00.000Z');
    expect(doc.getMap('board').get('value')).toBe(converged.getMap('board').get('value'));
    expect((await store.loadDocumentAt('b3', '2026-01-03T12:00:00.000Z', { history: true })).historySnapshot).toBe(true);
  });

  it('logs an update given an earlier time than the one before it (another process clock) at that one: a moment answers the same before and after a compaction', async () => {
    const store = await open();
    const user = await store.createUser({ email: 'c@example.com', name: 'C', passwordHash: 'x' });
    await store.createBoard({ id: 'b4', name: 'B', ownerId: user.id });
    // Two writers on their own keys (as two processes of a cluster): each update stands alone.
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const append = async (doc: Y.Doc, key: string, value: number, at: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getMap('board').set(key, value);
      return store.appendUpdates('b4', [{ update: Y.encodeStateAsUpdate(doc, before), userId: user.id, at }]);
    };
    await append(a, 'a', 1, '2026-01-01T10:00:01.000Z');
    await append(a, 'a', 2, '2026-01-01T10:00:05.000Z');
    // B's clock is 3 s behind A's; its update commits after A's.
    const seq = await append(b, 'b', 1, '2026-01-01T10:00:03.000Z');
    await append(a, 'a', 3, '2026-01-01T10:00:06.000Z');
    const board = (loaded: LoadedDocument) => {
      const doc = new Y.Doc();
      if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
      for (const u of loaded.updates) Y.applyUpdate(doc, u.update);
      return doc.getMap('board').toJSON();
    };
    const moments = ['2026-01-01T10:00:01.000Z', '2026-01-01T10:00:04.000Z', '2026-01-01T10:00:05.000Z', '2026-01-01T10:00:06.000Z'];
    const before = await Promise.all(moments.map(async (at) => board(await store.loadDocumentAt('b4', at))));
    // A snapshot up to B's update: the moments read from it where they did from the log alone.
    await store.compact('b4', seq);
    const after = await Promise.all(moments.map(async (at) => board(await store.loadDocumentAt('b4', at))));
    expect(after).toEqual(before);
    // B's update is logged at A's previous time, so at 10:00:04 the board holds neither A's second update nor B's.
    expect(after).toEqual([{ a: 1 }, { a: 1 }, { a: 2, b: 1 }, { a: 3, b: 1 }]);
    expect((await store.listUpdates('b4')).map((u) => u.at)).toEqual([
      '2026-01-01T10:00:01.000Z',
      '2026-01-01T10:00:05.000Z',
      '2026-01-01T10:00:05.000Z',
      '2026-01-01T10:00:06.000Z',
    ]);
    expect((await store.loadDocumentAt('b4', '2026-01-01T10:00:05.000Z')).snapshotSeq).toBe(seq);
  });
});
