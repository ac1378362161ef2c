/**
 * An access change that lands while a board's room is loading reaches the connections waiting
 * to join it (their frames held in the upgrade's queue): a revoked token or a removed member
 * is closed with the code the room uses and is never sent a frame; a demoted editor joins
 * read-only. The load is held at its read of the real store (a gate, opened by the test once
 * the change is on disk), so the change lands inside it every time. Early answers are on for
 * every board (`slicedReplyBytes: 1`): they are sent before the room takes the connection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';
import { rawSync, type RawSyncClient, type RecordedFrame } from '../helpers/rawSync';
import { defaultSyncLimits } from '../../server/src/config';
import { CloseCodes } from '../../shared/src/closeCodes';
import { createDeal, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';

let server: StartedServer;
let owner: TestUser;
const clients: RawSyncClient[] = [];

/** The next room load waits at its store read until `open()`; `reached` resolves once it is there. */
let gate: { reached: () => void; opened: Promise<void> } | null = null;

function holdNextLoad(): { reached: Promise<void>; open: () => void } {
  let reached: () => void = () => undefined;
  let open: () => void = () => undefined;
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  gate = { reached, opened };
  return { reached: reachedPromise, open };
}

beforeAll(async () => {
  server = await startServer({ roomIdleMs: 20, sync: { ...defaultSyncLimits, slicedReplyBytes: 1 } });
  owner = await createUser(server.url, 'Olga');
  const loadDocument = server.store.loadDocument.bind(server.store);
  server.store.loadDocument = async (boardId) => {
    const held = gate;
    if (held) {
      gate = null;
      held.reached();
      await held.opened;
    }
    return loadDocument(boardId);
  };
});

afterEach(() => {
  // A connection left open (the test failed) would keep its room loaded for the next test.
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await server?.close();
});

/** A fresh board with `member` on it, its room unloaded (the next connection loads it cold). */
async function coldBoard(member: TestUser, role: 'viewer' | 'editor'): Promise<string> {
  const boardId = await createBoard(server.url, owner, 'Loading', 'pipeline');
  await addMember(server.url, owner, boardId, member, role);
  await waitFor(() => server.server.context.hub.openRoomCount === 0, 'the room to unload');
  return boardId;
}

/** Connects `user` while the board's room is held loading; resolves once the load is held. */
async function connectWhileLoading(user: TestUser, boardId: string): Promise<{ client: RawSyncClient; open: () => void; outcome: Promise<Outcome> }> {
  const held = holdNextLoad();
  const client = await rawSync(server.wsUrl, user, boardId);
  clients.push(client);
  const outcome = firstOutcome(client);
  await held.reached;
  return { client, open: held.open, outcome };
}

type Outcome = { closed: number } | { frame: RecordedFrame['kind'] };

/** Whichever comes first: the socket closing (its code) or a frame from the server. */
function firstOutcome(client: RawSyncClient): Promise<Outcome> {
  return new Promise((resolve) => {
    client.ws.once('close', (code: number) => resolve({ closed: code }));
    client.onFrame = (frame) => resolve({ frame: frame.kind });
  });
}

/** The caller's API token ids (tokens are managed from a browser session). */
async function tokenIds(user: TestUser): Promise<string[]> {
  const res = await fetch(`${server.url}/api/tokens`, { headers: { Cookie: user.cookie, Origin: server.url } });
  return ((await res.json()) as Array<{ id: string }>).map((t) => t.id);
}

describe('an access change while the board is loading', () => {
  it('closes a connection whose token was revoked meanwhile, before any frame', async () => {
    const victor = await createUser(server.url, 'Victor');
    const boardId = await coldBoard(victor, 'editor');
    const [tokenId] = await tokenIds(victor);
    const { client, open, outcome } = await connectWhileLoading(victor, boardId);

    const revoked = await fetch(`${server.url}/api/tokens/${tokenId}`, { method: 'DELETE', headers: { Cookie: victor.cookie, Origin: server.url } });
    expect(revoked.status).toBe(204);
    open();

    expect(await outcome).toEqual({ closed: CloseCodes.SignedOut });
    expect(client.frames).toEqual([]);
  });

  it('closes a connection whose membership was removed meanwhile, before any frame', async () => {
    const victor = await createUser(server.url, 'Victor');
    const boardId = await coldBoard(victor, 'editor');
    const { client, open, outcome } = await connectWhileLoading(victor, boardId);

    // The response waits for the room (the change is applied to it once loaded): the removal is on disk first.
    const removed = api(server.url, owner, 'DELETE', `/api/boards/${boardId}/members/${victor.id}`);
    await expect.poll(() => server.store.getRole(boardId, victor.id)).toBeNull();
    open();

    expect(await outcome).toEqual({ closed: CloseCodes.AccessRemoved });
    expect(client.frames).toEqual([]);
    expect((await removed).status).toBeLessThan(300);
  });

  it('joins a connection demoted meanwhile as a viewer', async () => {
    const victor = await createUser(server.url, 'Victor');
    const boardId = await coldBoard(victor, 'editor');
    const { client, open } = await connectWhileLoading(victor, boardId);

    const demoted = api(server.url, owner, 'PATCH', `/api/boards/${boardId}/members/${victor.id}`, { role: 'viewer' });
    await expect.poll(() => server.store.getRole(boardId, victor.id)).toBe('viewer');
    open();
    await client.synced;
    expect((await demoted).status).toBe(200);

    // The server asks only connections that may edit for their state.
    expect(client.frames.map((f) => f.kind)).not.toContain('step1');
    // An edit it sends is dropped: once the reply to a later sync request arrives, the edit was handled.
    const before = (await api<{ deals: unknown[] }>(server.url, owner, 'GET', `/api/boards/${boardId}/deals`)).body.deals.length;
    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(client.doc));
    const sent = Y.encodeStateVector(edit);
    createDeal(edit, { columnId: selectColumns(edit).columns[0]!.id, title: 'From a viewer' }, userOrigin(victor.id));
    send(client, (encoder) => syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(edit, sent)));
    const replies = client.frames.filter((f) => f.kind === 'step2').length;
    send(client, (encoder) => syncProtocol.writeSyncStep1(encoder, client.doc));
    await waitFor(() => client.frames.filter((f) => f.kind === 'step2').length > replies, 'the reply to the sync request');
    const after = (await api<{ deals: unknown[] }>(server.url, owner, 'GET', `/api/boards/${boardId}/deals`)).body.deals.length;
    expect(after).toBe(before);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });
});

function send(client: RawSyncClient, write: (encoder: encoding.Encoder) => void): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder);
  client.ws.send(encoding.toUint8Array(encoder));
}
