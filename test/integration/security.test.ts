/**
 * Security regressions against a real server: each test proves a hole found in review
 * (forged identity fields, writes from a removed member's closing socket, an editor
 * renaming the board, awareness flooding, 500s on malformed URLs, a throttle beaten by
 * concurrency, a room left dead after a storage failure) and keeps it closed.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { addComment, createDeal, readBoardInfo, readDeals, selectColumns, setBoardInfo } from '../../shared/src/board';
import { DEAL_COMMENTS, dealsMap } from '../../shared/src/board/schema';
import { userOrigin } from '../../shared/src/board/origin';
import { CloseCodes } from '../../shared/src/closeCodes';
import { MAX_AWARENESS_IDS } from '../../server/src/sync/BoardRoom';
import { startServer, type StartedServer } from '../helpers/startServer';
import { writeBlocker } from '../helpers/testStores';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestUser } from '../helpers/clients';
import { markerSeen } from '../helpers/signals';

let server: StartedServer;
let ada: TestUser;
let mallory: TestUser;
const open: DocClient[] = [];

function connect(user: TestUser, boardId: string, options: Parameters<typeof connectDoc>[3] = {}, on: StartedServer = server): DocClient {
  const client = connectDoc(on.url, user, boardId, options);
  open.push(client);
  return client;
}

function firstColumn(doc: Y.Doc): string {
  const id = selectColumns(doc).columns[0]?.id;
  if (!id) throw new Error('board has no column');
  return id;
}

function dealOf(doc: Y.Doc, dealId: string) {
  const deal = readDeals(doc).find((d) => d.id === dealId);
  return deal && !deal.invalid ? deal : null;
}

async function storedDoc(on: StartedServer, boardId: string): Promise<Y.Doc> {
  const loaded = await on.store.loadDocument(boardId);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u.update);
  return doc;
}

/** A y-websocket awareness message (type 1) carrying `states` for the given client ids. */
function awarenessMessage(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(inner));
  return encoding.toUint8Array(message);
}

/** y-websocket sync-update frame payload (message 0, sync type 2). */
function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A hand-rolled WebSocket client over TCP that never answers the server's close frame,
 * the way a hostile client can keep a socket half-open for ws's 30-second close timeout.
 */
async function rawWebSocket(url: string, headers: Record<string, string>): Promise<{ send(payload: Uint8Array): void; destroy(): void }> {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const lines = [
    `GET ${target.pathname} HTTP/1.1`,
    `Host: ${target.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(lines.join('\r\n') + '\r\n\r\n');
  const status = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0] ?? '')));
  if (!status.includes(' 101 ')) throw new Error(`upgrade refused: ${status}`);
  socket.on('data', () => undefined); // read and ignore everything, close frames included
  socket.on('error', () => undefined);
  return {
    send(payload) {
      const mask = randomBytes(4);
      const length = payload.length;
      const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : Buffer.from([0x82, 0x80 | 126, (length >> 8) & 0xff, length & 0xff]);
      const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
      socket.write(Buffer.concat([header, mask, body]));
    },
    destroy: () => socket.destroy(),
  };
}

beforeAll(async () => {
  server = await startServer();
  [ada, mallory] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Mallory')]);
});

afterAll(async () => {
  for (const client of open) client.destroy();
  await server?.close();
});

describe('identity stamping cannot be dodged', () => {
  it('stamps authorId on comments that arrive inside a new deal or a replaced comments map', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    const m = connect(mallory, boardId);
    await Promise.all([a.synced, m.synced]);
    const column = firstColumn(m.doc);

    // 1. A new deal and a comment "by Ada" in it, in ONE update.
    let newDealId = '';
    m.doc.transact(() => {
      const created = createDeal(m.doc, { columnId: column, title: 'Brand new' }, userOrigin(mallory.id));
      newDealId = created.ok ? created.value.dealId : '';
      expect(addComment(m.doc, { dealId: newDealId, body: 'Ada here, approved' }, userOrigin(ada.id)).ok).toBe(true);
    });

    // 2. An existing deal whose comments map is swapped for one holding a comment "by Ada".
    const existing = createDeal(m.doc, { columnId: column, title: 'Existing' }, userOrigin(mallory.id));
    const existingId = existing.ok ? existing.value.dealId : '';
    await waitFor(() => dealOf(a.doc, existingId) !== null, 'existing deal reached Ada');
    m.doc.transact(() => {
      const comments = new Y.Map<unknown>();
      const comment = new Y.Map<unknown>();
      comments.set('c-forged', comment);
      comment.set('authorId', ada.id);
      comment.set('body', 'Also Ada, honest');
      comment.set('createdAt', new Date().toISOString());
      comment.set('editedAt', null);
      comment.set('deleted', false);
      dealsMap(m.doc).get(existingId)!.set(DEAL_COMMENTS, comments);
    });

    const authors = (doc: Y.Doc) => [newDealId, existingId].map((id) => dealOf(doc, id)?.comments[0]?.authorId);
    await waitFor(() => authors(a.doc).every((id) => id !== undefined), 'both comments reached Ada');
    await markerSeen(m, [a], newDealId); // a later commit of Mallory's reached Ada: every stamp did too
    expect(authors(a.doc)).toEqual([mallory.id, mallory.id]);
    expect(authors(await storedDoc(server, boardId))).toEqual([mallory.id, mallory.id]);
  });

  it("keeps createdBy and an existing comment's authorId when one update sets them twice", async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    // No GC on Mallory's side: the overwritten first value travels in the update.
    const m = connect(mallory, boardId, { doc: new Y.Doc({ gc: false }) });
    await Promise.all([a.synced, m.synced]);
    const created = createDeal(a.doc, { columnId: firstColumn(a.doc), title: 'Ada’s deal' }, userOrigin(ada.id));
    const dealId = created.ok ? created.value.dealId : '';
    const comment = addComment(a.doc, { dealId, body: 'Ada’s comment' }, userOrigin(ada.id));
    const commentId = comment.ok ? comment.value.commentId : '';
    await waitFor(() => dealOf(m.doc, dealId)?.comments.length === 1, 'Ada’s deal reached Mallory');

    m.doc.transact(() => {
      const deal = dealsMap(m.doc).get(dealId)!;
      deal.set('createdBy', mallory.id);
      deal.set('createdBy', mallory.id);
      const target = (deal.get(DEAL_COMMENTS) as Y.Map<Y.Map<unknown>>).get(commentId)!;
      target.set('authorId', mallory.id);
      target.set('authorId', mallory.id);
      deal.set('title', 'Mallory’s deal now');
    });

    await waitFor(() => dealOf(a.doc, dealId)?.title === 'Mallory’s deal now', 'the edit reached Ada');
    await markerSeen(m, [a], dealId); // a later commit of Mallory's reached Ada: every stamp did too
    const seen = dealOf(a.doc, dealId)!;
    expect(seen.createdBy).toBe(ada.id);
    expect(seen.updatedBy).toBe(mallory.id);
    expect(seen.comments[0]?.authorId).toBe(ada.id);
    const stored = dealOf(await storedDoc(server, boardId), dealId)!;
    expect([stored.createdBy, stored.comments[0]?.authorId]).toEqual([ada.id, ada.id]);
  });
});

describe('removal takes effect at once', () => {
  it('ignores what a removed member sends while its socket is still closing', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    await a.synced;
    const raw = await rawWebSocket(`${server.wsUrl}/yjs/${boardId}`, { Authorization: `Bearer ${mallory.token}` });
    try {
      // Mallory prepares an edit against the board as she knows it.
      const local = new Y.Doc();
      Y.applyUpdate(local, Y.encodeStateAsUpdate(a.doc));
      const updates: Uint8Array[] = [];
      local.on('update', (update: Uint8Array) => updates.push(update));
      createDeal(local, { columnId: firstColumn(local), title: 'Written after removal' }, userOrigin(mallory.id));
      local.destroy();

      expect((await api(server.url, ada, 'DELETE', `/api/boards/${boardId}/members/${mallory.id}`)).status).toBe(204);
      // The server has sent its close frame; Mallory does not answer it and keeps writing.
      for (const update of updates) raw.send(syncUpdateMessage(update));
      createDeal(a.doc, { columnId: firstColumn(a.doc), title: 'Marker' }, userOrigin(ada.id));
      await waitFor(() => readDeals(a.doc).some((d) => !d.invalid && d.title === 'Marker'), 'a later edit round-trips');
      await new Promise((r) => setTimeout(r, 150));
      const titles = (doc: Y.Doc) => readDeals(doc).flatMap((d) => (d.invalid ? [] : [d.title]));
      expect(titles(a.doc)).not.toContain('Written after removal');
      expect(titles(await storedDoc(server, boardId))).not.toContain('Written after removal');
    } finally {
      raw.destroy();
    }
  });
});

describe('owner-only rename', () => {
  it('puts back the board name an editor writes straight into the document', async () => {
    const boardId = await createBoard(server.url, ada, 'Ada’s board');
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const a = connect(ada, boardId);
    const m = connect(mallory, boardId);
    await Promise.all([a.synced, m.synced]);
    expect(setBoardInfo(m.doc, { name: 'Pwned by Mallory' }, userOrigin(mallory.id)).ok).toBe(true);
    createDeal(m.doc, { columnId: firstColumn(m.doc), title: 'Marker' }, userOrigin(mallory.id));
    await waitFor(() => readDeals(a.doc).some((d) => !d.invalid && d.title === 'Marker'), 'the later edit reached Ada');
    await waitFor(() => readBoardInfo(m.doc).name === 'Ada’s board', 'the name is put back on the editor’s copy');
    expect(readBoardInfo(a.doc).name).toBe('Ada’s board');
    expect(readBoardInfo(await storedDoc(server, boardId)).name).toBe('Ada’s board');
    // The owner still renames, through REST.
    expect((await api(server.url, ada, 'PATCH', `/api/boards/${boardId}`, { name: 'Renamed' })).status).toBe(200);
    await waitFor(() => readBoardInfo(a.doc).name === 'Renamed' && readBoardInfo(m.doc).name === 'Renamed', 'REST rename reaches everyone');
  });
});

describe('awareness is bounded', () => {
  it('lets one connection publish only a few awareness client ids, not thousands', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'viewer');
    const a = connect(ada, boardId);
    await a.synced;
    const ws = new WebSocket(`${server.wsUrl}/yjs/${boardId}`, { headers: { Authorization: `Bearer ${mallory.token}` } });
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    try {
      for (let round = 0; round < 5; round++) {
        const entries = Array.from({ length: 1_000 }, (_, i) => ({ clientId: 1_000_000 + round * 1_000 + i, clock: 1, state: { cursor: i } }));
        ws.send(awarenessMessage(entries));
      }
      // A later change to an id the connection owns (the first one it published) is always
      // accepted, and broadcast after whatever the floods caused.
      const marker = { clientId: 1_000_000, clock: 2, state: { done: true } };
      ws.send(awarenessMessage([marker]));
      await waitFor(() => (a.provider.awareness.getStates().get(marker.clientId) as { done?: boolean } | undefined)?.done === true, 'the marker reached Ada');
      // Ada's own state plus at most a handful owned by Mallory's one connection.
      expect(a.provider.awareness.getStates().size).toBeLessThanOrEqual(1 + MAX_AWARENESS_IDS);
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });
});

describe('malformed URLs', () => {
  it('answers a badly percent-encoded path parameter with 400, not 500', async () => {
    const boardId = await createBoard(server.url, ada);
    for (const [method, url] of [
      ['GET', '/api/boards/%E0%A4%A'],
      ['GET', '/api/boards/%ZZ/members'],
      ['PATCH', `/api/boards/${boardId}/members/%ZZ`],
      ['GET', '/api/boards/%ZZ/activity'],
    ] as const) {
      const res = await api<{ error: { code: string } }>(server.url, ada, method, url, method === 'PATCH' ? { role: 'viewer' } : undefined);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.code).toBe('bad_request');
    }
    expect((await api(server.url, null, 'GET', '/api/boards/%ZZ')).status).toBe(401); // identity first
  });
});

describe('login throttle', () => {
  it('holds under concurrent guesses: at most maxFailures are checked per lock window', async () => {
    // A long first wait: on a loaded machine 20 admissions can take over the default 1 s, and
    // then a fourth guess would rightly pass its backoff. This test is about concurrency only.
    const strict = await startServer({ loginMaxFailures: 3, loginBackoffMs: 60_000 });
    try {
      const victim = await createUser(strict.url, 'Victim');
      const guesses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${strict.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: strict.url },
            body: JSON.stringify({ email: victim.email, password: `guess number ${i}` }),
          }).then((res) => res.status),
        ),
      );
      expect(guesses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(guesses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    } finally {
      await strict.close();
    }
  });
});

describe('storage failure', () => {
  it('reloads the board from disk after a failed commit instead of keeping a dead room', async () => {
    const fragile = await startServer({ sqliteBusyTimeoutMs: 20 });
    const other = await writeBlocker(fragile.dataDir);
    try {
      const owner = await createUser(fragile.url, 'Owner');
      const boardId = await createBoard(fragile.url, owner);
      const writer = connect(owner, boardId, {}, fragile);
      await writer.synced;
      const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));

      await other.block(); // another process holds the write lock (or refuses writes): the commit fails
      createDeal(writer.doc, { columnId: firstColumn(writer.doc), title: 'Survives the outage' }, userOrigin(owner.id));
      expect(await closed).toBe(CloseCodes.ServerShutdown);
      await other.release();

      // The writer reconnects on its own and re-sends its edit; a newcomer must see it.
      const reader = connect(owner, boardId, {}, fragile);
      await Promise.race([reader.synced, new Promise((_, reject) => setTimeout(() => reject(new Error('newcomer never synced')), 3_000))]);
      await waitFor(() => readDeals(reader.doc).some((d) => !d.invalid && d.title === 'Survives the outage'), 'edit committed after the outage');
      const stored = readDeals(await storedDoc(fragile, boardId));
      expect(stored.some((d) => !d.invalid && d.title === 'Survives the outage')).toBe(true);
    } finally {
      await other.close();
      await fragile.close();
    }
  });
});
