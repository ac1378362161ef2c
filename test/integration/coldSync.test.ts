/**
 * Opening a big board cold (issue 18): the server answers a connecting client from the
 * stored state, checked, before the board's room has applied it (EarlyAnswers), and sends a
 * big board's whole state as slices (update frames, then a sync step 2) to a client that asks
 * for them (`?slices=1`), as one sync step 2 to any other. Each test restarts
 * the server on a seeded board, so the room loads cold, with a low `slicedReplyBytes` so a
 * board of a few hundred KiB counts as big.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { rawSync, type RawSyncClient } from '../helpers/rawSync';
import { openTestStore } from '../helpers/testStores';
import { dealsMap } from '../../shared/src/board/schema';
import { defaultSyncLimits } from '../../server/src/config';
import { docFromLog } from '../../server/src/workers/docFromLog';
import { createDeal, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { workerJobs } from '../../server/src/metrics/metrics';
import { MAX_TAIL_BYTES } from '../../server/src/sync/committedState';

/** Jobs the slice worker finished in this process (tranche_worker_jobs_total). */
async function reslicings(): Promise<number> {
  const values = (await workerJobs.get()).values;
  return values.find((v) => v.labels.worker === 'sliceWorker' && v.labels.outcome === 'ok')?.value ?? 0;
}

const limits = { ...defaultSyncLimits, slicedReplyBytes: 64 * 1024 };

let seeded: { dataDir: string; owner: TestUser; viewer: TestUser; boardId: string; firstHalf: Uint8Array };
const open: Array<DocClient | RawSyncClient> = [];
const servers: StartedServer[] = [];

/** Deals in one transaction (one update), each with notes, so the board has thousands of structs. */
function addDeals(doc: Y.Doc, user: TestUser, from: number, to: number): void {
  const columnId = selectColumns(doc).columns[0]!.id;
  doc.transact(() => {
    for (let i = from; i < to; i++) {
      createDeal(
        doc,
        { columnId, title: `Deal ${i}`, acquirer: `Acquirer ${i}`, target: `Target ${i}`, tags: ['cold'], notes: `Notes ${i} `.repeat(60) },
        userOrigin(user.id),
      );
    }
  });
}

async function dealCount(server: StartedServer, user: TestUser, boardId: string): Promise<number> {
  const res = await api<{ deals: unknown[] }>(server.url, user, 'GET', `/api/boards/${boardId}/deals`);
  return res.body.deals.length;
}

/** How many connections the loaded rooms hold when `client`'s first document frame arrives (0: sent before the room held it). */
function roomConnectionsAtFirstState(server: StartedServer, client: RawSyncClient): Promise<number> {
  return new Promise((resolve) => {
    client.onFrame = (frame) => {
      if (frame.kind !== 'update' && frame.kind !== 'step2') return;
      client.onFrame = null;
      resolve(server.server.context.hub.connectionCount);
    };
  });
}

/** The server restarted on the seeded board: its room is not loaded. */
async function coldServer(): Promise<StartedServer> {
  const server = await startServer({ dataDir: seeded.dataDir, keepDataDir: true, sync: limits });
  servers.push(server);
  return server;
}

/** The board as a fresh load from the store reads it. */
async function stored(server: StartedServer): Promise<Y.Doc> {
  const loaded = await server.store.loadDocument(seeded.boardId);
  return docFromLog({ snapshot: loaded.snapshot, updates: loaded.updates.map((u) => u.update) });
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
  for (const name of expected.share.keys()) expect(actual.getMap(name).toJSON()).toEqual(expected.getMap(name).toJSON());
}

beforeAll(async () => {
  const server = await startServer({ keepDataDir: true, sync: limits });
  try {
    const owner = await createUser(server.url, 'Owner');
    const viewer = await createUser(server.url, 'Viewer');
    const boardId = await createBoard(server.url, owner, 'Cold board');
    await addMember(server.url, owner, boardId, viewer, 'viewer');
    const writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    addDeals(writer.doc, owner, 0, 150);
    await vi.waitUntil(async () => (await dealCount(server, owner, boardId)) === 150, { timeout: 30_000, interval: 50 });
    const firstHalf = Y.encodeStateAsUpdate(writer.doc);
    addDeals(writer.doc, owner, 150, 300);
    await vi.waitUntil(async () => (await dealCount(server, owner, boardId)) === 300, { timeout: 30_000, interval: 50 });
    writer.destroy();
    seeded = { dataDir: server.dataDir, owner, viewer, boardId, firstHalf };
  } finally {
    await server.close({ keepDataDir: true });
  }
}, 120_000);

afterEach(async () => {
  for (const client of open.splice(0)) {
    if ('provider' in client) client.destroy();
    else client.close();
  }
  for (const server of servers.splice(0)) await server.close({ keepDataDir: true });
});

describe('a client connecting to a cold big board', () => {
  it('gets the whole stored state as slices before the room is loaded, ends identical to a fresh load, and is synced only at the end', async () => {
    const server = await coldServer();
    const client = await rawSync(server.wsUrl, seeded.owner, seeded.boardId, new Y.Doc(), { slices: true });
    open.push(client);
    const inRoom = roomConnectionsAtFirstState(server, client);
    await client.synced;
    expect(await inRoom).toBe(0);
    const kinds = client.frames.map((f) => f.kind);
    const step2 = kinds.indexOf('step2');
    // Slices: many update frames, then one step 2, all before the room (once loaded) sends its own sync step 1.
    expect(kinds.slice(0, step2).every((kind) => kind === 'update')).toBe(true);
    expect(step2).toBeGreaterThan(3);
    await expect.poll(() => client.frames.some((f) => f.kind === 'step1')).toBe(true);
    expect(kinds.indexOf('step1') === -1 || kinds.indexOf('step1') > step2).toBe(true);
    expectSameDocument(client.doc, await stored(server));
  });

  it('gives a client that asks for no slices the whole stored state as one sync step 2, before the room is loaded', async () => {
    const server = await coldServer();
    const client = await rawSync(server.wsUrl, seeded.owner, seeded.boardId);
    open.push(client);
    const inRoom = roomConnectionsAtFirstState(server, client);
    await client.synced;
    expect(await inRoom).toBe(0);
    expect(client.frames[0]?.kind).toBe('step2');
    expectSameDocument(client.doc, await stored(server));
  });

  it('brings a y-websocket client that takes slices to `synced` only once it holds the whole board', async () => {
    const server = await coldServer();
    const client = connectDoc(server.url, seeded.owner, seeded.boardId, { params: { slices: '1' } });
    open.push(client);
    let updatesBeforeSynced = 0;
    client.doc.on('update', () => void (client.provider.synced ? undefined : updatesBeforeSynced++));
    await client.synced;
    const whenSynced = Y.encodeStateVector(client.doc);
    const expected = await stored(server);
    expect(whenSynced).toEqual(Y.encodeStateVector(expected));
    expect(updatesBeforeSynced).toBeGreaterThan(3);
    expectSameDocument(client.doc, expected);
  });

  it('answers a client with part of the board from the loaded room, with exactly the rest', async () => {
    const server = await coldServer();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seeded.firstHalf);
    const had = Y.decodeStateVector(Y.encodeStateVector(doc));
    const client = await rawSync(server.wsUrl, seeded.owner, seeded.boardId, doc, { slices: true });
    open.push(client);
    const inRoom = roomConnectionsAtFirstState(server, client);
    await client.synced;
    // Not early: diffing the stored state per connection would decode the whole board on the loop.
    expect(await inRoom).toBe(1);
    const received = client.frames.filter((f) => f.update).map((f) => Y.decodeUpdate(f.update!).structs);
    for (const structs of received) for (const struct of structs) expect(struct.id.clock).toBeGreaterThanOrEqual(had.get(struct.id.client) ?? 0);
    const full = await stored(server);
    expect(received.flat().length).toBeGreaterThan(0);
    expectSameDocument(client.doc, full);
  });

  it('answers a viewer only from the loaded room (an editor beside it early), with the same state', async () => {
    const server = await coldServer();
    const editor = await rawSync(server.wsUrl, seeded.owner, seeded.boardId, new Y.Doc(), { slices: true });
    const viewer = await rawSync(server.wsUrl, seeded.viewer, seeded.boardId, new Y.Doc(), { slices: true });
    open.push(editor, viewer);
    const [editorInRoom, viewerInRoom] = [roomConnectionsAtFirstState(server, editor), roomConnectionsAtFirstState(server, viewer)];
    await Promise.all([editor.synced, viewer.synced]);
    expect(await editorInRoom).toBe(0);
    // The viewer's first state frame came once the room held both connections.
    expect(await viewerInRoom).toBe(2);
    expectSameDocument(viewer.doc, await stored(server));
  });

  it('sends the whole state as slices from a loaded room too, with the edits committed since the load', async () => {
    const server = await coldServer();
    const writer = connectDoc(server.url, seeded.owner, seeded.boardId);
    open.push(writer);
    await writer.synced;
    addDeals(writer.doc, seeded.owner, 300, 303);
    await expect.poll(() => dealCount(server, seeded.owner, seeded.boardId)).toBe(303);
    const late = await rawSync(server.wsUrl, seeded.owner, seeded.boardId, new Y.Doc(), { slices: true });
    const plain = await rawSync(server.wsUrl, seeded.owner, seeded.boardId);
    open.push(late, plain);
    await Promise.all([late.synced, plain.synced]);
    const kinds = late.frames.map((f) => f.kind);
    expect(kinds.indexOf('step2')).toBeGreaterThan(3);
    expect(plain.frames.filter((f) => f.kind === 'update' || f.kind === 'step2').map((f) => f.kind)).toEqual(['step2']);
    const expected = await stored(server);
    expectSameDocument(late.doc, expected);
    expectSameDocument(plain.doc, expected);
  });

  it('re-slices the kept state off the loop once the commits since the load outgrow their bound, and still answers exactly', async () => {
    const server = await coldServer();
    // A client that takes slices is in the room: the kept state is worth re-slicing.
    const writer = connectDoc(server.url, seeded.owner, seeded.boardId, { params: { slices: '1' } });
    open.push(writer);
    await writer.synced;
    const before = await reslicings();
    // Two large commits after the load, together past MAX_TAIL_BYTES.
    const bytesBefore = Y.encodeStateAsUpdate(writer.doc).byteLength;
    addDeals(writer.doc, seeded.owner, 1_000, 2_200);
    addDeals(writer.doc, seeded.owner, 2_200, 3_400);
    expect(Y.encodeStateAsUpdate(writer.doc).byteLength - bytesBefore).toBeGreaterThan(MAX_TAIL_BYTES);
    await expect.poll(() => reslicings(), { timeout: 30_000 }).toBe(before + 1);
    const late = await rawSync(server.wsUrl, seeded.owner, seeded.boardId, new Y.Doc(), { slices: true });
    open.push(late);
    await late.synced;
    expect(late.frames.map((f) => f.kind).indexOf('step2')).toBeGreaterThan(3);
    expectSameDocument(late.doc, await stored(server));
  });

  it('answers nothing early from a stored board the load repairs: the repaired board comes from the room', async () => {
    const first = await startServer({ keepDataDir: true, sync: limits });
    const dataDir = first.dataDir;
    const owner = await createUser(first.url, 'Owner');
    const boardId = await createBoard(first.url, owner, 'Poisoned');
    try {
      const writer = connectDoc(first.url, owner, boardId);
      await writer.synced;
      addDeals(writer.doc, owner, 0, 300);
      await expect.poll(() => dealCount(first, owner, boardId)).toBe(300);
      // An update the schema refuses (an unknown key under a deal), written straight into the log as before the guard.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(writer.doc));
      const before = Y.encodeStateVector(copy);
      dealsMap(copy).set('poison', new Y.Array<unknown>() as unknown as Y.Map<unknown>);
      const poison = Y.encodeStateAsUpdate(copy, before);
      writer.destroy();
      await first.close({ keepDataDir: true });
      const store = await openTestStore(dataDir);
      await store.appendUpdates(boardId, [{ update: poison, userId: owner.id, at: new Date().toISOString() }]);
      await store.close();
    } catch (error) {
      await first.close({ keepDataDir: true });
      throw error;
    }
    const server = await startServer({ dataDir, sync: limits });
    try {
      const client = await rawSync(server.wsUrl, owner, boardId);
      const inRoom = roomConnectionsAtFirstState(server, client);
      await client.synced;
      expect(await inRoom).toBe(1);
      expect(dealsMap(client.doc).has('poison')).toBe(false);
      expect(dealsMap(client.doc).size).toBe(300);
      client.close();
    } finally {
      await server.close();
    }
  });
});
