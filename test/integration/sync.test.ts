/**
 * The Yjs endpoint against a real server: convergence, durability, roles, identity
 * stamping, upgrade refusals and bad frames. Real y-websocket clients over `ws`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { addComment, createDeal, moveDeal, readDeals, selectColumns, updateDeal } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { userOrigin } from '../../shared/src/board/origin';
import { CloseCodes } from '../../shared/src/closeCodes';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, connectSocket, createBoard, createUser, upgradeStatus, waitFor, type DocClient, type TestUser } from '../helpers/clients';
import { framesHandled, markerSeen } from '../helpers/signals';

let server: StartedServer;
let ada: TestUser;
let bob: TestUser;
let vera: TestUser;
let mallory: TestUser;
const open: DocClient[] = [];

function connect(user: TestUser, boardId: string, options: Parameters<typeof connectDoc>[3] = {}): DocClient {
  const client = connectDoc(server.url, user, boardId, options);
  open.push(client);
  return client;
}

function columnIds(doc: Y.Doc): string[] {
  return selectColumns(doc).columns.map((c) => c.id);
}

function titles(doc: Y.Doc): string[] {
  return readDeals(doc)
    .flatMap((d) => (d.invalid ? [] : [d.title]))
    .sort();
}

async function storedDoc(boardId: string): Promise<Y.Doc> {
  const loaded = await server.store.loadDocument(boardId);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.update);
  return doc;
}

beforeAll(async () => {
  server = await startServer();
  [ada, bob, vera, mallory] = await Promise.all([
    createUser(server.url, 'Ada'),
    createUser(server.url, 'Bob'),
    createUser(server.url, 'Vera'),
    createUser(server.url, 'Mallory'),
  ]);
});

afterAll(async () => {
  for (const client of open) client.destroy();
  await server?.close();
});

describe('convergence', () => {
  it('two editors converge on concurrent edits and a late joiner gets everything', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, bob, 'editor');
    const a = connect(ada, boardId);
    const b = connect(bob, boardId);
    await Promise.all([a.synced, b.synced]);
    const [first, second] = columnIds(a.doc);
    expect(first && second).toBeTruthy();

    const created = createDeal(a.doc, { columnId: first!, title: 'Amazon → OpenAI' }, userOrigin(ada.id));
    createDeal(b.doc, { columnId: first!, title: 'SoftBank → OpenAI' }, userOrigin(bob.id));
    expect(created.ok).toBe(true);
    await waitFor(() => titles(a.doc).length === 2 && titles(b.doc).length === 2, 'both deals on both clients');

    // Concurrent edits of different fields of the same deal are both kept.
    const dealId = created.ok ? created.value.dealId : '';
    updateDeal(a.doc, { dealId, patch: { amount: 50_000_000_000 } }, userOrigin(ada.id));
    moveDeal(b.doc, { dealId, toColumnId: second! }, userOrigin(bob.id));
    await waitFor(() => {
      const onB = readDeals(b.doc).find((d) => d.id === dealId);
      const onA = readDeals(a.doc).find((d) => d.id === dealId);
      return !!onA && !onA.invalid && onA.columnId === second && !!onB && !onB.invalid && onB.amount === 50_000_000_000;
    }, 'both edits on both clients');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    const late = connect(bob, boardId);
    await late.synced;
    await waitFor(() => titles(late.doc).length === 2, 'late joiner has both deals');
    expect(dealsMap(late.doc).toJSON()).toEqual(dealsMap(a.doc).toJSON());
  });
});

describe('viewers', () => {
  it("drops a viewer's writes everywhere while the viewer still receives edits", async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, vera, 'viewer');
    const a = connect(ada, boardId);
    const v = connect(vera, boardId);
    await Promise.all([a.synced, v.synced]);
    const column = columnIds(v.doc)[0]!;

    createDeal(v.doc, { columnId: column, title: 'Forged by a viewer' }, userOrigin(vera.id));
    const real = createDeal(a.doc, { columnId: column, title: 'Real deal' }, userOrigin(ada.id));
    const realId = real.ok ? real.value.dealId : '';
    await waitFor(() => titles(v.doc).includes('Real deal'), 'viewer receives the editor’s deal');
    // The server has handled the viewer's frames, and what it committed since reached Ada.
    const marker = connect(ada, boardId);
    await marker.synced;
    await framesHandled(v, a);
    await markerSeen(marker, [a], realId);
    expect(titles(a.doc)).toEqual(['Real deal']);
    expect(titles(await storedDoc(boardId))).toEqual(['Real deal']);

    // Reconnecting resends the viewer's local state (sync step 2): still dropped.
    v.provider.disconnect();
    v.provider.connect();
    await waitFor(() => v.provider.synced, 'viewer resynced');
    await framesHandled(v, a);
    await markerSeen(marker, [a], realId);
    const fresh = connect(ada, boardId);
    await fresh.synced;
    expect(titles(fresh.doc)).toEqual(['Real deal']);
    expect(titles(await storedDoc(boardId))).toEqual(['Real deal']);
  });
});

describe('upgrade refusals', () => {
  it('answers 401, 403 and 404 before any Yjs message', async () => {
    const boardId = await createBoard(server.url, ada);
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/yjs/${boardId}`;
    expect(await upgradeStatus(wsUrl, {})).toBe(401);
    expect(await upgradeStatus(wsUrl, { Authorization: 'Bearer trk_not-a-real-token' })).toBe(401);
    expect(await upgradeStatus(wsUrl, { Authorization: `Bearer ${mallory.token}` })).toBe(404);
    expect(await upgradeStatus(`${server.url.replace(/^http/, 'ws')}/yjs/NoSuchBoardXYZ123`, { Authorization: `Bearer ${ada.token}` })).toBe(404);
    expect(await upgradeStatus(wsUrl, { Cookie: ada.cookie, Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: ada.cookie, Origin: server.url })).toBe(101);
    expect(await upgradeStatus(wsUrl, { Authorization: `Bearer ${ada.token}` })).toBe(101);
  });
});

describe('the server owns identity', () => {
  it('overwrites forged createdBy, updatedBy and authorId', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, bob, 'editor');
    const m = connect(bob, boardId);
    const a = connect(ada, boardId);
    await Promise.all([m.synced, a.synced]);
    const column = columnIds(m.doc)[0]!;
    const created = createDeal(m.doc, { columnId: column, title: 'Forged' }, userOrigin(bob.id));
    const dealId = created.ok ? created.value.dealId : '';
    const deal = dealsMap(m.doc).get(dealId)!;
    m.doc.transact(() => {
      deal.set('createdBy', ada.id);
      deal.set('updatedBy', ada.id);
    });
    const comment = addComment(m.doc, { dealId, body: 'I am Ada, trust me' }, userOrigin(ada.id));
    expect(comment.ok).toBe(true);
    await waitFor(() => readDeals(a.doc).some((d) => d.id === dealId && !d.invalid && d.comments.length === 1), 'comment reached Ada');
    await waitFor(() => {
      const seen = readDeals(a.doc).find((d) => d.id === dealId);
      return !!seen && !seen.invalid && seen.createdBy === bob.id && seen.updatedBy === bob.id && seen.comments[0]?.authorId === bob.id;
    }, 'stamped identity on the other client');
    // The sender's own copy is corrected too, and so is the stored board.
    await waitFor(() => {
      const own = readDeals(m.doc).find((d) => d.id === dealId);
      return !!own && !own.invalid && own.createdBy === bob.id && own.comments[0]?.authorId === bob.id;
    }, 'stamped identity on the sender');
    const stored = readDeals(await storedDoc(boardId)).find((d) => d.id === dealId);
    expect(stored && !stored.invalid && stored.createdBy).toBe(bob.id);
  });

  it("shows the connection's real user in awareness, whatever the client claims", async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    const m = connect(mallory, boardId);
    await Promise.all([a.synced, m.synced]);
    m.provider.awareness.setLocalStateField('user', { id: ada.id, name: 'Ada', color: '#000000' });
    m.provider.awareness.setLocalStateField('openDealId', 'x');
    await waitFor(() => a.provider.awareness.getStates().get(m.doc.clientID)?.openDealId === 'x', 'Mallory’s awareness reaches Ada');
    const state = a.provider.awareness.getStates().get(m.doc.clientID) as { user: { id: string; name: string } };
    expect(state.user.id).toBe(mallory.id);
    expect(state.user.name).toBe('Mallory');
  });
});

describe('awareness ownership', () => {
  it("ignores awareness a connection publishes for another connection's client id", async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    const m = connect(mallory, boardId);
    await Promise.all([a.synced, m.synced]);
    a.provider.awareness.setLocalStateField('openDealId', 'ada-card');
    await waitFor(() => m.provider.awareness.getStates().get(a.doc.clientID)?.openDealId === 'ada-card', 'Ada’s awareness reaches Mallory');
    // Mallory hand-crafts an awareness update for Ada's client id with a higher clock.
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, a.doc.clientID);
    encoding.writeVarUint(inner, 999);
    encoding.writeVarString(inner, JSON.stringify({ openDealId: 'forged' }));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 1);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(inner));
    (m.provider.ws as unknown as WebSocket).send(encoding.toUint8Array(message));
    await framesHandled(m, a); // a later frame of Mallory's arrived: the forged one was handled
    expect(m.provider.wsconnected).toBe(true);
    expect(a.provider.awareness.getStates().get(a.doc.clientID)?.openDealId).toBe('ada-card');
    expect(m.provider.awareness.getStates().get(a.doc.clientID)?.openDealId).toBe('ada-card');
  });
});

describe('signing out', () => {
  it('closes the Yjs connections and sockets that the session opened, and no others', async () => {
    const boardId = await createBoard(server.url, ada);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ email: ada.email, password: 'correct horse battery' }),
    });
    const session = { ...ada, cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! };
    const viaSession = connect(session, boardId, { useCookie: true, origin: server.url });
    const viaToken = connect(ada, boardId);
    const other = connect(ada, boardId);
    await Promise.all([viaSession.synced, viaToken.synced, other.synced]);
    const closed = new Promise<number>((resolve) => viaSession.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));

    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { Cookie: session.cookie, Origin: server.url } });
    expect(logout.status).toBe(204);
    expect(await closed).toBe(CloseCodes.SignedOut);
    await framesHandled(other, viaToken); // the token's socket still hears the room after the sign-out
    expect(viaToken.provider.wsconnected).toBe(true);
    expect(await upgradeStatus(`${server.url.replace(/^http/, 'ws')}/yjs/${boardId}`, { Cookie: session.cookie, Origin: server.url })).toBe(401);
  });
});

describe('rooms unload', () => {
  it('flushes and unloads an idle room, then reloads it intact', async () => {
    const quick = await startServer({ roomIdleMs: 100 });
    try {
      const owner = await createUser(quick.url, 'Owner');
      const boardId = await createBoard(quick.url, owner);
      const client = connectDoc(quick.url, owner, boardId);
      await client.synced;
      createDeal(client.doc, { columnId: columnIds(client.doc)[0]!, title: 'Kept' }, userOrigin(owner.id));
      await new Promise((r) => setTimeout(r, 100));
      const hub = quick.server.context.hub;
      expect(hub.openRoomCount).toBe(1);
      client.destroy();
      await waitFor(() => hub.openRoomCount === 0, 'room unloaded');
      const again = connectDoc(quick.url, owner, boardId);
      await again.synced;
      await waitFor(() => titles(again.doc).includes('Kept'), 'reloaded from disk');
      again.destroy();
    } finally {
      await quick.close();
    }
  });
});

describe('bad frames', () => {
  it('closes only the sender on random bytes, truncated sync messages and oversized frames', async () => {
    const small = await startServer({ maxFrameBytes: 64 * 1024 });
    try {
      const owner = await createUser(small.url, 'Owner');
      const boardId = await createBoard(small.url, owner);
      const a = connectDoc(small.url, owner, boardId);
      const b = connectDoc(small.url, owner, boardId);
      await Promise.all([a.synced, b.synced]);
      const column = columnIds(a.doc)[0]!;
      const wsUrl = `${small.url.replace(/^http/, 'ws')}/yjs/${boardId}`;
      const frames = [
        Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]),
        Uint8Array.from([0, 2, 50, 1, 2, 3]), // an update claiming 50 bytes, carrying 3
        Uint8Array.from([0, 1]), // sync step 2 with no payload
        new Uint8Array(200 * 1024).fill(7), // above maxFrameBytes
        Uint8Array.from([9]), // unknown message type
      ];
      for (const frame of frames) {
        const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${owner.token}` } });
        await new Promise<void>((resolve) => ws.once('open', () => resolve()));
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        ws.send(frame);
        const code = await closed;
        expect([CloseCodes.BadMessage, CloseCodes.FrameTooLarge]).toContain(code);
      }
      // The server is up and the good clients still sync.
      createDeal(a.doc, { columnId: column, title: 'Still alive' }, userOrigin(owner.id));
      await waitFor(() => titles(b.doc).includes('Still alive'), 'other clients keep syncing');
      expect((await api(small.url, null, 'GET', '/api/health')).status).toBe(200);
      a.destroy();
      b.destroy();
    } finally {
      await small.close();
    }
  });
});

describe('roles change live', () => {
  it("stops a demoted editor's writes at once and closes a removed member's socket", async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, bob, 'editor');
    const a = connect(ada, boardId);
    const b = connect(bob, boardId);
    await Promise.all([a.synced, b.synced]);
    const column = columnIds(b.doc)[0]!;
    createDeal(b.doc, { columnId: column, title: 'Before demotion' }, userOrigin(bob.id));
    await waitFor(() => titles(a.doc).includes('Before demotion'), 'editor write lands');

    const demoted = await api(server.url, ada, 'PATCH', `/api/boards/${boardId}/members/${bob.id}`, { role: 'viewer' });
    expect(demoted.status).toBe(200);
    createDeal(b.doc, { columnId: column, title: 'After demotion' }, userOrigin(bob.id));
    const still = createDeal(a.doc, { columnId: column, title: 'Owner still writes' }, userOrigin(ada.id));
    await waitFor(() => titles(b.doc).includes('Owner still writes'), 'demoted user still receives');
    const marker = connect(ada, boardId);
    await marker.synced;
    await framesHandled(b, a);
    await markerSeen(marker, [a], still.ok ? still.value.dealId : '');
    expect(titles(a.doc)).not.toContain('After demotion');

    const closed = new Promise<number>((resolve) => b.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
    const removed = await api(server.url, ada, 'DELETE', `/api/boards/${boardId}/members/${bob.id}`);
    expect(removed.status).toBe(204);
    expect(await closed).toBe(CloseCodes.AccessRemoved);
  });
});

describe('live events', () => {
  it('sends board:saved covering the edit, and refuses board:join on a foreign board', async () => {
    const boardId = await createBoard(server.url, ada);
    const socket = await connectSocket(server.url, ada);
    const foreign = await connectSocket(server.url, mallory);
    try {
      expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
      const refused = await foreign.emitWithAck('board:join', { boardId });
      expect('error' in refused && refused.error.code).toBe('not_found');
      const bad = await foreign.emitWithAck('board:join', { boardId: 42 } as unknown as { boardId: string });
      expect('error' in bad && bad.error.code).toBe('bad_request');

      const a = connect(ada, boardId);
      await a.synced;
      const saved: Uint8Array[] = [];
      socket.on('board:saved', (payload) => {
        if (payload.boardId === boardId) saved.push(Buffer.from(payload.stateVector, 'base64'));
      });
      createDeal(a.doc, { columnId: columnIds(a.doc)[0]!, title: 'Saved?' }, userOrigin(ada.id));
      const mine = a.doc.clientID;
      const localClock = Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(mine)!;
      await waitFor(() => saved.some((sv) => (Y.decodeStateVector(sv).get(mine) ?? 0) >= localClock), 'board:saved covers the edit');

      // A socket that joins later hears at once what is on disk.
      const late = await connectSocket(server.url, ada);
      const onJoin = new Promise<string>((resolve) => late.once('board:saved', (payload) => resolve(payload.stateVector)));
      expect(await late.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
      expect(Y.decodeStateVector(Buffer.from(await onJoin, 'base64')).get(mine)).toBeGreaterThanOrEqual(localClock);
      late.disconnect();
    } finally {
      socket.disconnect();
      foreign.disconnect();
    }
  });
});

describe('compaction', () => {
  it('writes snapshots as the log grows, keeps every update, and reloads from snapshot plus tail', async () => {
    const small = await startServer({ compactEvery: 5, roomIdleMs: 50 });
    try {
      const owner = await createUser(small.url, 'Owner');
      const boardId = await createBoard(small.url, owner);
      const client = connectDoc(small.url, owner, boardId);
      await client.synced;
      for (let i = 0; i < 23; i++) {
        createDeal(client.doc, { columnId: columnIds(client.doc)[0]!, title: `Deal ${i}` }, userOrigin(owner.id));
        await new Promise((r) => setTimeout(r, 5));
      }
      await waitFor(() => client.provider.synced, 'synced');
      // What the server committed, its stamps included: a fresh client's answer waits for it.
      const reader = connectDoc(small.url, owner, boardId);
      await reader.synced;
      await waitFor(() => titles(reader.doc).length === 23, 'the reader has every deal');
      const expected = dealsMap(reader.doc).toJSON();
      reader.destroy();
      client.destroy();
      await waitFor(() => small.server.context.hub.openRoomCount === 0, 'unloaded');
      const loaded = await small.store.loadDocument(boardId);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.snapshotSeq).toBeGreaterThan(0);
      const log = await small.store.listUpdates(boardId);
      expect(log.length).toBeGreaterThanOrEqual(24); // the template plus every edit: nothing dropped
      expect(log.every((u) => u.userId === null || u.userId === owner.id)).toBe(true);
      const again = connectDoc(small.url, owner, boardId);
      await again.synced;
      await waitFor(() => titles(again.doc).length === 23, 'reloaded');
      expect(dealsMap(again.doc).toJSON()).toEqual(expected);
      again.destroy();
    } finally {
      await small.close();
    }
  });
});

describe('durability', () => {
  it('keeps every board intact across a restart', async () => {
    const first = await startServer({ keepDataDir: true });
    const dataDir = first.dataDir;
    const owner = await createUser(first.url, 'Owner');
    const boardId = await createBoard(first.url, owner);
    const client = connectDoc(first.url, owner, boardId);
    await client.synced;
    const column = columnIds(client.doc)[0]!;
    for (let i = 0; i < 20; i++) createDeal(client.doc, { columnId: column, title: `Deal ${i}` }, userOrigin(owner.id));
    await waitFor(() => client.provider.synced, 'synced');
    // What the server holds, stamps included (createdAt, updatedAt, stageEnteredAt are its
    // clock's): a fresh client's sync answer waits for the commit that covers it.
    await waitFor(() => titles(client.doc).length === 20, 'deals written');
    const reader = connectDoc(first.url, owner, boardId);
    await reader.synced;
    await waitFor(() => titles(reader.doc).length === 20, 'the reader has every deal');
    const expected = dealsMap(reader.doc).toJSON();
    reader.destroy();
    client.destroy();
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const again = connectDoc(second.url, owner, boardId);
      await again.synced;
      await waitFor(() => titles(again.doc).length === 20, 'all deals back');
      expect(dealsMap(again.doc).toJSON()).toEqual(expected);
      again.destroy();
    } finally {
      await second.close();
    }
  });
});
