/**
 * Snapshot retention (server/src/store/snapshotRetention.ts) on the real server and store
 * (SQLite, or PostgreSQL in the pg project): a board compacted after every few updates keeps
 * a few of its snapshots, and GET history/state at every moment (on, between and around
 * snapshots that are later dropped) answers exactly what it answered while they existed and
 * what replaying the whole log up to the moment gives (so does the export at a moment); the
 * board loads cold to its whole log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, createDeal, initBoard, moveDeal, updateDeal, userOrigin } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { exportBoard } from '../../server/src/http/exportFormat';
import type { StoredUpdate } from '../../server/src/store/Store';
import { LOG_BYTE_COST } from '../../server/src/store/snapshotRetention';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, createUser, waitFor, type TestUser } from '../helpers/clients';
import { keptSeqs, must, seedSnapshottedBoard } from '../helpers/snapshots';

const boardId = 'retainboard1';
const START = Date.parse('2026-02-01T08:00:00.000Z');
const UPDATES = 400;
const COMPACT_EVERY = 8;
/** Update i is logged at START + i minutes. */
const timeOf = (i: number) => new Date(START + i * 60_000).toISOString();
/** A moment half-way between update i and the next. */
const between = (i: number) => new Date(START + i * 60_000 + 30_000).toISOString();

let server: StartedServer;
let owner: TestUser;
let log: StoredUpdate[] = [];
/** seq → the snapshot written at it (every compaction writes one: no `whenDue`). */
const written: number[] = [];
/** Answers of history/state given right after the snapshot at a moment was written, by moment. */
const answeredThen = new Map<string, unknown>();

async function stateAt(at: string): Promise<unknown> {
  const res = await api(server.url, owner, 'GET', `/api/boards/${boardId}/history/state?at=${encodeURIComponent(at)}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The board at `at` rebuilt from the whole log, from the start, as history/state answers it. */
function replayed(at: string): unknown {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const u of log) if (u.at <= at) Y.applyUpdate(doc, u.update);
  });
  const { board, columns, deals } = exportBoard(doc);
  doc.destroy();
  return JSON.parse(JSON.stringify({ at, board, columns, deals }));
}

/** The seqs of the snapshots the store still keeps: each is the nearest snapshot at its own update's time. */
async function keptSnapshots(): Promise<Array<{ seq: number; bytes: number }>> {
  const kept = new Map<number, number>();
  for (let i = 0; i < UPDATES; i++) {
    const loaded = await server.store.loadDocumentAt(boardId, timeOf(i));
    if (loaded.snapshot) kept.set(loaded.snapshotSeq, loaded.snapshot.length);
  }
  return [...kept].map(([seq, bytes]) => ({ seq, bytes })).sort((a, b) => a.seq - b.seq);
}

beforeAll(async () => {
  // The test compacts by hand, after every COMPACT_EVERY updates, as rooms did before snapshotDue.
  server = await startServer({ keepDataDir: true, compactEvery: 1_000_000 });
  owner = await createUser(server.url, 'Rita');
  await server.store.createBoard({ id: boardId, name: 'Retention', ownerId: owner.id });
  const doc = new Y.Doc();
  const origin = userOrigin(owner.id);
  const append = async (i: number, edit: (now: { now: Date }) => void) => {
    const before = Y.encodeStateVector(doc);
    edit({ now: new Date(timeOf(i)) });
    return server.store.appendUpdates(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: owner.id, at: timeOf(i) }]);
  };
  let columns: string[] = [];
  const deals: string[] = [];
  await append(0, (now) => {
    columns = must(initBoard(doc, { name: 'Retention', currency: 'EUR', template: 'pipeline' }, origin, now)).columnIds;
    for (let d = 0; d < 40; d++)
      deals.push(must(createDeal(doc, { columnId: columns[d % 4]!, title: `Deal ${d}`, amount: 1_000 * (d + 1) }, origin, now)).dealId);
  });
  for (let i = 1; i < UPDATES; i++) {
    const dealId = deals[(i * 7) % deals.length]!;
    // Small edits on a board of 40 deals: a snapshot weighs far more than the log between two compactions.
    const seq = await append(i, (now) => {
      if (i % 5 === 0) must(moveDeal(doc, { dealId, toColumnId: columns[i % columns.length]! }, origin, now));
      else if (i % 11 === 0) must(addComment(doc, { dealId, body: `Call back ${i}` }, origin, now));
      else if (i % 2 === 0) must(updateDeal(doc, { dealId, patch: { amount: 1_000 + i } }, origin, now));
      else must(updateDeal(doc, { dealId, patch: { title: `Deal ${i}` } }, origin, now));
    });
    if (i % COMPACT_EVERY === 0) {
      await server.store.compact(boardId, seq);
      written.push(seq);
      // While this snapshot is the newest (it is kept): the answers on it, just before it, and after it.
      for (const at of [timeOf(i), between(i - 1), between(i - COMPACT_EVERY / 2)]) answeredThen.set(at, await stateAt(at));
    }
  }
  log = await server.store.listUpdates(boardId);
});

afterAll(async () => {
  await server?.close({ keepDataDir: false });
});

describe('snapshot retention', () => {
  it('keeps a few of the snapshots compaction wrote: the first, the latest, and less log between neighbours than the earlier costs to load', async () => {
    const kept = await keptSnapshots();
    expect(written.length).toBe(Math.floor((UPDATES - 1) / COMPACT_EVERY));
    expect(kept.length).toBeGreaterThan(2);
    expect(kept.length).toBeLessThan(written.length / 3);
    expect(kept[0]!.seq).toBe(written[0]);
    expect(kept[kept.length - 1]!.seq).toBe(written[written.length - 1]);
    expect((await server.store.loadDocument(boardId)).snapshotSeq).toBe(written[written.length - 1]);
    const logBytes = (afterSeq: number, uptoSeq: number) =>
      log.filter((u) => u.seq > afterSeq && u.seq <= uptoSeq).reduce((sum, u) => sum + u.update.length, 0);
    const historyBytes = async (seq: number) => {
      const loaded = await server.store.loadDocumentAt(boardId, log[seq - 1]!.at, { history: true });
      expect(loaded.snapshotSeq).toBe(seq);
      return loaded.snapshot!.length;
    };
    for (let k = 1; k < kept.length; k++) {
      const [before, after] = [kept[k - 1]!.seq, kept[k]!.seq];
      if (after - before > COMPACT_EVERY) expect(logBytes(before, after) * LOG_BYTE_COST).toBeLessThan(await historyBytes(before));
    }
    // The full states kept weigh a fraction of what was written.
    const keptBytes = kept.reduce((sum, s) => sum + s.bytes, 0);
    let writtenBytes = 0;
    for (const seq of written) writtenBytes += Y.encodeStateAsUpdate(docUpTo(seq)).length;
    expect(keptBytes).toBeLessThan(writtenBytes / 3);
  });

  it('answers history/state at every moment as it did while the dropped snapshots existed, and as the whole log replayed gives', async () => {
    expect(answeredThen.size).toBeGreaterThan(written.length * 2);
    for (const [at, then] of answeredThen) {
      const now = await stateAt(at);
      expect(now, at).toEqual(then);
      expect(now, at).toEqual(replayed(at));
    }
    // The export at a moment reads the board the same way.
    for (let i = 3; i < UPDATES; i += 37) {
      const res = await api<{ columns: unknown; deals: unknown }>(
        server.url,
        owner,
        'GET',
        `/api/boards/${boardId}/export.json?at=${encodeURIComponent(between(i))}`,
      );
      expect(res.status).toBe(200);
      const expected = replayed(between(i)) as { columns: unknown; deals: unknown };
      expect({ columns: res.body.columns, deals: res.body.deals }, between(i)).toEqual({ columns: expected.columns, deals: expected.deals });
    }
    // Every update's moment, before the first and after the last.
    for (const at of ['2026-01-01T00:00:00.000Z', ...Array.from({ length: UPDATES }, (_, i) => timeOf(i)), '2027-01-01T00:00:00.000Z']) {
      expect(await stateAt(at), at).toEqual(replayed(at));
    }
  });

  it('loads cold, after a restart, to the whole log', async () => {
    await server.close({ keepDataDir: true });
    server = await startServer({ dataDir: server.dataDir, keepDataDir: true, compactEvery: 1_000_000 });
    const client = connectDoc(server.url, owner, boardId);
    try {
      await client.synced;
      const { board, columns, deals } = exportBoard(client.doc);
      const last = log[log.length - 1]!.at;
      expect(JSON.parse(JSON.stringify({ at: last, board, columns, deals }))).toEqual(replayed(last));
      expect(await stateAt(between(UPDATES - 1))).toEqual(replayed(between(UPDATES - 1)));
    } finally {
      client.destroy();
    }
  });
});

/** The document of the log up to `seq`. */
function docUpTo(seq: number): Y.Doc {
  const doc = new Y.Doc();
  for (const u of log) if (u.seq <= seq) Y.applyUpdate(doc, u.update);
  return doc;
}

describe("a room's compaction", () => {
  it('writes a snapshot of a big board only once the log since the last one weighs a tenth of it', async () => {
    const small = await startServer({ compactEvery: 5, roomIdleMs: 50 });
    try {
      const user = await createUser(small.url, 'Rob');
      const id = 'retainboard2';
      const origin = userOrigin(user.id);
      const { seq, snapshotBytes } = await seedSnapshottedBoard(small, user, id, 400);
      const snapshots = () => keptSeqs(small, id);
      /** `count` amount edits from a client, each its own update; resolves once the room has unloaded (its compactions done). */
      const edit = async (count: number, from: number) => {
        const client = connectDoc(small.url, user, id);
        await client.synced;
        const dealId = [...dealsMap(client.doc).keys()][0]!;
        for (let i = 0; i < count; i++) must(updateDeal(client.doc, { dealId, patch: { amount: from + i } }, origin));
        await waitFor(() => client.provider.synced, 'synced');
        const reader = connectDoc(small.url, user, id);
        await reader.synced;
        await waitFor(() => dealsMap(reader.doc).get(dealId)?.get('amount') === from + count - 1, 'the last edit committed');
        reader.destroy();
        client.destroy();
        await waitFor(() => small.server.context.hub.openRoomCount === 0, 'room unloaded', 10_000);
      };
      // 20 edits: four compactions asked for, about 1 KB of log against a snapshot of about 100 KB.
      expect(snapshotBytes).toBeGreaterThan(50_000);
      await edit(20, 1);
      expect(await snapshots()).toEqual([seq]);
      const tail = (await small.store.loadDocument(id)).updates;
      expect(tail.length).toBeGreaterThanOrEqual(20);
      // Enough edits to outweigh a tenth of it: the next compaction writes one.
      const perEdit = tail.reduce((sum, u) => sum + u.update.length, 0) / tail.length;
      await edit(Math.ceil(snapshotBytes / 10 / perEdit) + 10, 100);
      const after = await snapshots();
      expect(after.length).toBeGreaterThanOrEqual(2);
      // Each snapshot was written only once the log since the one before weighed a tenth of that one.
      const log = await small.store.listUpdates(id);
      for (let k = 1; k < after.length; k++) {
        const previous = await small.store.loadDocumentAt(id, log.find((u) => u.seq === after[k - 1])!.at);
        const between = log.filter((u) => u.seq > after[k - 1]! && u.seq <= after[k]!).reduce((sum, u) => sum + u.update.length, 0);
        expect(between).toBeGreaterThanOrEqual(previous.snapshot!.length / 10);
      }
    } finally {
      await small.close();
    }
  });
});
