/**
 * Several Tranche processes on one PostgreSQL and one Redis, as real child processes:
 * an edit through one process reaches clients on another, Socket.IO events cross
 * processes, access changes hold everywhere at once, and delivery survives Redis going
 * away (the 1 s head poll) without losing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDeal, readDeals, selectColumns, updateDeal } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { boardMap } from '../../shared/src/board/schema';
import type { ActivityEvent } from '../../shared/src/events';
import {
  addMember,
  api,
  connectDoc,
  connectSocket,
  createBoard,
  createUser,
  waitFor,
  type DocClient,
  type TestSocket,
  type TestUser,
} from '../helpers/clients';
import { framesHandled, markerSeen } from '../helpers/signals';
import { CloseCodes } from '../../shared/src/closeCodes';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let ada: TestUser;
let bob: TestUser;
const open: DocClient[] = [];
const sockets: TestSocket[] = [];

const url = (i: number): string => cluster.processes[i]!.url;

function connect(i: number, user: TestUser, boardId: string): DocClient {
  const client = connectDoc(url(i), user, boardId);
  open.push(client);
  return client;
}

function titles(doc: Y.Doc): string[] {
  return readDeals(doc)
    .flatMap((d) => (d.invalid ? [] : [d.title]))
    .sort();
}

function firstColumn(doc: Y.Doc): string {
  return selectColumns(doc).columns[0]!.id;
}

/** A REST call with the user's session cookie (token and session routes take no Bearer token). */
async function asSession<T = unknown>(processUrl: string, user: TestUser, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Origin: processUrl, Cookie: user.cookie };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${processUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Mints a second API token for `user`: the same user, another credential. */
async function withNewToken(processUrl: string, user: TestUser): Promise<{ user: TestUser; tokenId: string }> {
  const minted = await asSession<{ id: string; token: string }>(processUrl, user, 'POST', '/api/tokens', { name: 'another device' });
  expect(minted.status).toBe(201);
  return { user: { ...user, token: minted.body.token }, tokenId: minted.body.id };
}

/** The code the server closes this client's current connection with. */
function closeCode(client: DocClient): Promise<number> {
  return new Promise((resolve) => client.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
}

/** How long process 3's slowed Redis link holds each byte, each way (well under the ack timeout). */
const SLOW_LINK_MS = 150;

/**
 * Runs `act` (an HTTP access change) while process `i`'s link to Redis is slow, so the
 * broadcast reaches that process well after Redis answered PUBLISH: an answer that waited
 * only for PUBLISH would beat the process's acting on it, every time.
 */
async function withSlowRedis<T>(i: number, act: () => Promise<T>): Promise<T> {
  cluster.processes[i]!.redisLink.slow(SLOW_LINK_MS);
  try {
    return await act();
  } finally {
    cluster.processes[i]!.redisLink.restore();
  }
}

/** A deal `writer` creates to carry markers (see markerSeen). */
function markerDeal(writer: DocClient): string {
  const marked = createDeal(writer.doc, { columnId: firstColumn(writer.doc), title: 'Marker' }, userOrigin('marker'));
  if (!marked.ok) throw new Error('could not create the marker deal');
  return marked.value.dealId;
}

beforeAll(async () => {
  cluster = await startCluster(3);
  ada = await createUser(url(0), 'Ada');
  bob = await createUser(url(1), 'Bob');
}, 120_000);

afterAll(async () => {
  for (const client of open) client.destroy();
  for (const socket of sockets) socket.disconnect();
  await cluster?.destroy();
});

describe('a cluster of three processes', () => {
  it('delivers an edit made through process 1 to a client on process 3', async () => {
    const boardId = await createBoard(url(0), ada, 'Cross-process');
    const writer = connect(0, ada, boardId);
    const reader = connect(2, ada, boardId);
    await Promise.all([writer.synced, reader.synced]);
    createDeal(writer.doc, { columnId: firstColumn(writer.doc), title: 'Made on process 1' }, userOrigin(ada.id));
    await waitFor(() => titles(reader.doc).includes('Made on process 1'), 'the deal on process 3');
    expect(Y.encodeStateVector(reader.doc)).toEqual(Y.encodeStateVector(writer.doc));
  });

  it('sends activity:added and board:saved to a socket joined on another process', async () => {
    const boardId = await createBoard(url(0), ada, 'Events');
    const socket = await connectSocket(url(1), ada);
    sockets.push(socket);
    const activity: ActivityEvent[] = [];
    const saved: string[] = [];
    socket.on('activity:added', (event) => activity.push(event));
    socket.on('board:saved', (event) => saved.push(event.stateVector));
    const ack = await socket.emitWithAck('board:join', { boardId });
    expect(ack).toEqual({ ok: true });
    const savedBefore = saved.length;
    const created = await api<{ deal: { id: string } }>(url(0), ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'Through REST on process 1' });
    expect(created.status).toBe(201);
    await waitFor(() => activity.some((e) => e.type === 'deal.created' && e.dealId === created.body.deal.id), 'deal.created on process 2');
    await waitFor(() => saved.length > savedBefore, 'board:saved on process 2');
    const created1 = activity.filter((e) => e.dealId === created.body.deal.id && e.type === 'deal.created');
    expect(created1).toHaveLength(1);
    expect(created1[0]!.actor.id).toBe(ada.id);
  });

  it('makes a viewer demoted on process 2 read-only on process 3', async () => {
    const boardId = await createBoard(url(0), ada, 'Demotion');
    await addMember(url(0), ada, boardId, bob, 'editor');
    const owner = connect(2, ada, boardId);
    const b = connect(2, bob, boardId);
    await Promise.all([owner.synced, b.synced]);
    const column = firstColumn(owner.doc);
    const marked = createDeal(owner.doc, { columnId: column, title: 'Marker' }, userOrigin(ada.id));
    const markerId = marked.ok ? marked.value.dealId : '';
    await waitFor(() => titles(b.doc).includes('Marker'), 'the marker deal reached Bob');

    const demoted = await withSlowRedis(2, () => api(url(1), ada, 'PATCH', `/api/boards/${boardId}/members/${bob.id}`, { role: 'viewer' }));
    expect(demoted.status).toBe(200);
    // At once: the very first write after the answer is dropped on process 3 (the answer waits
    // for process 3's ack; the periodic recheck, every few seconds, would let it land). Settled by a later frame of Bob's and a
    // later commit.
    createDeal(b.doc, { columnId: column, title: 'Written after the demotion' }, userOrigin(bob.id));
    await framesHandled(b, owner);
    await markerSeen(owner, [owner], markerId);
    expect(titles(owner.doc)).not.toContain('Written after the demotion');
    const fresh = connect(0, ada, boardId);
    await fresh.synced;
    await markerSeen(owner, [fresh], markerId);
    expect(titles(fresh.doc)).not.toContain('Written after the demotion');
  });

  it('fans awareness out across processes, stamped by the owning process, and a room that loads asks its peers', async () => {
    const boardId = await createBoard(url(0), ada, 'Awareness');
    await addMember(url(0), ada, boardId, bob, 'editor');
    const a = connect(0, ada, boardId);
    await a.synced;
    a.provider.awareness.setLocalStateField('user', { id: 'forged', name: 'Mallory' });
    a.provider.awareness.setLocalStateField('openDealId', 'deal-1');
    // Process 3 loads the board only now: it asks its peers for the awareness they hold.
    const b = connect(2, bob, boardId);
    await b.synced;
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.openDealId === 'deal-1', "Ada's awareness on process 3");
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string } };
    expect(seen.user.id).toBe(ada.id);
    b.provider.awareness.setLocalStateField('openDealId', 'deal-2');
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.openDealId === 'deal-2', "Bob's awareness on process 1");
    // Each client sends back every state it hears: that echo must not make Ada's id Bob's
    // on process 3 (restamped as Bob, her presence would flip between the two).
    expect((a.provider.awareness.getStates().get(b.doc.clientID) as { user: { id: string } }).user.id).toBe(bob.id);
    a.provider.awareness.setLocalStateField('openDealId', 'deal-3');
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.openDealId === 'deal-3', "Ada's change on process 3");
    expect((b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string } }).user.id).toBe(ada.id);
    expect((a.provider.awareness.getLocalState() as { user: { id: string } }).user.id).toBe('forged');
  });

  it('shows a person who moves to a process that never saw them (each process numbers awareness clocks its own way)', async () => {
    const boardId = await createBoard(url(0), ada, 'Awareness move');
    await addMember(url(0), ada, boardId, bob, 'editor');
    const watcher = connect(0, bob, boardId);
    await watcher.synced;
    // Ada's client makes many changes on process 2, so its clock there runs well ahead.
    const first = connect(1, ada, boardId);
    await first.synced;
    for (let i = 0; i < 20; i++) first.provider.awareness.setLocalStateField('step', i);
    await waitFor(() => watcher.provider.awareness.getStates().get(first.doc.clientID)?.step === 19, "Ada's steps on process 1");
    // The same document reconnects to process 3, which never loaded the board.
    first.provider.disconnect();
    await waitFor(() => !watcher.provider.awareness.getStates().has(first.doc.clientID), "Ada's goodbye on process 1");
    const moved = connectDoc(url(2), ada, boardId, { doc: first.doc });
    open.push(moved);
    await moved.synced;
    moved.provider.awareness.setLocalStateField('openDealId', 'after-the-move');
    await waitFor(
      () => watcher.provider.awareness.getStates().get(first.doc.clientID)?.openDealId === 'after-the-move',
      "Ada's awareness from process 3 on process 1",
    );
  });

  it("ends a revoked token's Yjs connection and socket on process 3 at once", async () => {
    const carl = await createUser(url(0), 'Carl');
    const boardId = await createBoard(url(0), ada, 'Token revocation');
    await addMember(url(0), ada, boardId, carl, 'editor');
    const second = await withNewToken(url(0), carl);
    const owner = connect(2, ada, boardId);
    const revoked = connect(2, second.user, boardId);
    await Promise.all([owner.synced, revoked.synced]);
    const markerId = markerDeal(owner);
    await waitFor(() => titles(revoked.doc).includes('Marker'), 'the marker deal at Carl');
    const socket = await connectSocket(url(2), second.user);
    sockets.push(socket);
    expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const socketGone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const closed = closeCode(revoked);

    const deleted = await withSlowRedis(2, () => asSession(url(0), carl, 'DELETE', `/api/tokens/${second.tokenId}`));
    expect(deleted.status).toBe(204);
    // At once: a write sent right after the answer finds the connection gone on process 3, its
    // Redis link slow as it is (the answer waits for process 3's ack of the broadcast).
    createDeal(revoked.doc, { columnId: firstColumn(revoked.doc), title: 'After the revocation' }, userOrigin(carl.id));
    expect(await closed).toBe(CloseCodes.SignedOut);
    revoked.provider.disconnect();
    await socketGone;
    await markerSeen(owner, [owner], markerId);
    expect(titles(owner.doc)).not.toContain('After the revocation');
  });

  it("signs a user out everywhere: their session's connection on process 3 closes at once", async () => {
    const dora = await createUser(url(0), 'Dora');
    const boardId = await createBoard(url(0), ada, 'Sign-out');
    await addMember(url(0), ada, boardId, dora, 'editor');
    const owner = connect(2, ada, boardId);
    const browser = connectDoc(url(2), dora, boardId, { useCookie: true, origin: url(2) });
    open.push(browser);
    await Promise.all([owner.synced, browser.synced]);
    const markerId = markerDeal(owner);
    await waitFor(() => titles(browser.doc).includes('Marker'), 'the marker deal at Dora');
    const closed = closeCode(browser);

    const signedOut = await withSlowRedis(2, () => asSession(url(0), dora, 'POST', '/api/auth/logout-everywhere'));
    expect(signedOut.status).toBe(204);
    // At once, as above: the write sent right after the answer is refused on process 3.
    createDeal(browser.doc, { columnId: firstColumn(browser.doc), title: 'After signing out' }, userOrigin(dora.id));
    expect(await closed).toBe(CloseCodes.SignedOut);
    browser.provider.disconnect();
    await markerSeen(owner, [owner], markerId);
    expect(titles(owner.doc)).not.toContain('After signing out');
  });

  it('answers a revocation within the ack timeout when a process never acknowledges (stalled), and the revoked connection there is closed once it resumes (by the message or the recheck)', async () => {
    const fay = await createUser(url(0), 'Fay');
    const boardId = await createBoard(url(0), ada, 'Stalled process');
    await addMember(url(0), ada, boardId, fay, 'editor');
    const second = await withNewToken(url(0), fay);
    const revoked = connect(2, second.user, boardId);
    await revoked.synced;
    const closed = closeCode(revoked);
    // Stopped, process 3 keeps its Redis connection: PUBLISH counts it, and its ack never comes.
    cluster.processes[2]!.freeze();
    let answered: number;
    try {
      const started = Date.now();
      const deleted = await asSession(url(0), fay, 'DELETE', `/api/tokens/${second.tokenId}`);
      answered = Date.now() - started;
      expect(deleted.status).toBe(204);
    } finally {
      cluster.processes[2]!.thaw();
    }
    // Bounded by CONTROL_ACK_TIMEOUT_MS (1 s), with room for a loaded machine: never the stall's length.
    expect(answered).toBeLessThan(5_000);
    expect(await closed).toBe(CloseCodes.SignedOut);
    revoked.provider.disconnect();
  });

  it('closes a deleted board on every process at once (4404, where the recheck would say 4403)', async () => {
    const boardId = await createBoard(url(0), ada, 'Deleted');
    await addMember(url(0), ada, boardId, bob, 'editor');
    const b = connect(2, bob, boardId);
    await b.synced;
    const socket = await connectSocket(url(2), bob);
    sockets.push(socket);
    expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const told = new Promise<string>((resolve) => socket.once('board:deleted', (event) => resolve(event.boardId)));
    const closed = closeCode(b);

    const deleted = await api(url(0), ada, 'DELETE', `/api/boards/${boardId}`);
    expect(deleted.status).toBe(204);
    expect(await closed).toBe(CloseCodes.BoardDeleted);
    b.provider.disconnect();
    expect(await told).toBe(boardId);
  });

  it('keeps delivering through the head poll while a process is cut off from Redis', async () => {
    const boardId = await createBoard(url(0), ada, 'Redis cut');
    const writer = connect(0, ada, boardId);
    const reader = connect(1, ada, boardId);
    await Promise.all([writer.synced, reader.synced]);
    cluster.processes[1]!.redisLink.cut();
    try {
      createDeal(writer.doc, { columnId: firstColumn(writer.doc), title: 'While cut off' }, userOrigin(ada.id));
      await waitFor(() => titles(reader.doc).includes('While cut off'), 'the deal on the cut-off process', 5_000);
      // Still ready (PostgreSQL is what matters), and says Redis is down.
      await redisReported(url(1), 'down');
    } finally {
      cluster.processes[1]!.redisLink.restore();
    }
    const dealId = readDeals(writer.doc).find((d) => !d.invalid && d.title === 'While cut off')!.id;
    updateDeal(reader.doc, { dealId, patch: { amount: 42 } }, userOrigin(ada.id));
    await waitFor(() => readDeals(writer.doc).some((d) => !d.invalid && d.id === dealId && d.amount === 42), 'the edit back on process 1');
  });

  it('announces board:saved again to sockets on other processes once a process cut off from Redis gets back', async () => {
    const boardId = await createBoard(url(0), ada, 'Saved while cut off');
    const socket = await connectSocket(url(1), ada);
    sockets.push(socket);
    expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const saved: string[] = [];
    socket.on('board:saved', (event) => saved.push(event.stateVector));
    cluster.processes[0]!.redisLink.cut();
    let dealId: string;
    try {
      await redisReported(url(0), 'down');
      // Committed on process 1 while its adapter cannot publish: process 2's socket hears nothing of it.
      const created = await api<{ deal: { id: string } }>(url(0), ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'Saved while cut off' });
      expect(created.status).toBe(201);
      dealId = created.body.deal.id;
    } finally {
      cluster.processes[0]!.redisLink.restore();
    }
    const fresh = connect(2, ada, boardId);
    await fresh.synced;
    expect(readDeals(fresh.doc).some((d) => !d.invalid && d.id === dealId)).toBe(true);
    const committed = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    const coversCommit = (stateVector: string): boolean => {
      const announced = Y.decodeStateVector(Buffer.from(stateVector, 'base64'));
      return [...committed].every(([client, clock]) => (announced.get(client) ?? 0) >= clock);
    };
    // No later commit: the announcement comes from process 1 getting Redis back.
    await waitFor(() => saved.some(coversCommit), 'board:saved of the commit after the link came back', 10_000);
  });

  it('holds revocations while Redis is down: every process rechecks its connections and sockets, and commits go on', async () => {
    const erin = await createUser(url(0), 'Erin');
    const boardId = await createBoard(url(0), ada, 'Redis down');
    await addMember(url(0), ada, boardId, erin, 'editor');
    const second = await withNewToken(url(0), erin);
    const writer = connect(0, ada, boardId);
    const reader = connect(2, ada, boardId);
    const revoked = connect(2, second.user, boardId);
    const member = connect(2, erin, boardId);
    await Promise.all([writer.synced, reader.synced, revoked.synced, member.synced]);
    const revokedSocket = await connectSocket(url(2), second.user);
    const memberSocket = await connectSocket(url(2), erin);
    sockets.push(revokedSocket, memberSocket);
    expect(await revokedSocket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    expect(await memberSocket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const revokedClosed = closeCode(revoked);
    const memberClosed = closeCode(member);
    const revokedSocketGone = new Promise<void>((resolve) => revokedSocket.once('disconnect', () => resolve()));
    const memberRemoved = new Promise<unknown>((resolve) => memberSocket.once('board:access', (event) => resolve(event)));

    await cluster.redis.kill();
    try {
      for (const p of cluster.processes) await redisReported(p.url, 'down');
      // Nothing reaches process 3 over Redis: its rechecks find the revoked token, then the removal.
      expect((await asSession(url(0), erin, 'DELETE', `/api/tokens/${second.tokenId}`)).status).toBe(204);
      expect(await revokedClosed).toBe(CloseCodes.SignedOut);
      revoked.provider.disconnect();
      await revokedSocketGone;
      expect((await api(url(0), ada, 'DELETE', `/api/boards/${boardId}/members/${erin.id}`)).status).toBe(204);
      expect(await memberClosed).toBe(CloseCodes.AccessRemoved);
      member.provider.disconnect();
      expect(await memberRemoved).toEqual({ boardId, role: null });
      expect(memberSocket.connected).toBe(true);
      // Commits go on, and reach process 3 through the head poll.
      createDeal(writer.doc, { columnId: firstColumn(writer.doc), title: 'While Redis is down' }, userOrigin(ada.id));
      await waitFor(() => titles(reader.doc).includes('While Redis is down'), 'the deal on process 3 without Redis');
    } finally {
      await cluster.redis.start();
    }
    for (const p of cluster.processes) await redisUp(p.url);
  });
  it("forgets a killed process's awareness within seconds (its heartbeat stops), not y-protocols' 30 s", async () => {
    const boardId = await createBoard(url(0), ada, 'Killed process');
    const watcher = connect(0, ada, boardId);
    const doomed = connectDoc(url(1), ada, boardId);
    await Promise.all([watcher.synced, doomed.synced]);
    doomed.provider.awareness.setLocalStateField('openDealId', 'deal-1');
    await waitFor(() => watcher.provider.awareness.getStates().get(doomed.doc.clientID)?.openDealId === 'deal-1', 'the awareness on process 1');
    // kill -9: process 2 never says goodbye for its connection.
    await cluster.processes[1]!.kill();
    doomed.destroy();
    try {
      await waitFor(() => !watcher.provider.awareness.getStates().has(doomed.doc.clientID), "the dead process's awareness dropped", 10_000);
    } finally {
      await cluster.processes[1]!.start();
    }
  });
});

/** Resolves once the process, still ready (200), reports its Redis connection `state` (GET /api/ready). */
async function redisReported(processUrl: string, state: 'up' | 'down'): Promise<void> {
  const start = Date.now();
  for (;;) {
    const ready = await api<{ ok?: boolean; redis?: string }>(processUrl, null, 'GET', '/api/ready');
    expect(ready.status).toBe(200);
    if (ready.body.redis === state) return;
    if (Date.now() - start > 10_000) throw new Error(`Redis never reported ${state} by ${processUrl}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once the process reports its Redis connection up. */
const redisUp = (processUrl: string): Promise<void> => redisReported(processUrl, 'up');

describe('a process that lags behind (its head poll slowed to a minute)', () => {
  let lagCluster: LocalCluster;
  let carol: TestUser;
  let dan: TestUser;
  const lagUrl = (i: number): string => lagCluster.processes[i]!.url;
  const lagConnect = (i: number, user: TestUser, boardId: string): DocClient => {
    const client = connectDoc(lagUrl(i), user, boardId);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    lagCluster = await startCluster(2, { processEnv: { TEST_HEAD_POLL_MS: '60000' } });
    carol = await createUser(lagUrl(0), 'Carol');
    dan = await createUser(lagUrl(0), 'Dan');
  }, 120_000);

  afterAll(async () => {
    await lagCluster?.destroy();
  });

  it('catches a room up before it hears a client that saw a newer state elsewhere', async () => {
    const boardId = await createBoard(lagUrl(0), carol, 'Catch-up');
    await addMember(lagUrl(0), carol, boardId, dan, 'editor');
    const lagging = lagConnect(1, carol, boardId);
    await lagging.synced;
    const column = firstColumn(lagging.doc);
    const marked = createDeal(lagging.doc, { columnId: column, title: 'Marker' }, userOrigin(carol.id));
    const markerId = marked.ok ? marked.value.dealId : '';
    lagCluster.processes[1]!.redisLink.cut();
    try {
      const renamed = await api(lagUrl(0), carol, 'PATCH', `/api/boards/${boardId}`, { name: 'Renamed on process 1' });
      expect(renamed.status).toBe(200);
      // Dan (an editor: renames are not his to make) saw the rename on process 1 and
      // reconnects to process 2 at once, before its head poll: his sync step 2 carries the
      // rename. Relayed as his own, the name guard would revert it.
      const seen = lagConnect(0, dan, boardId);
      await seen.synced;
      await waitFor(() => boardMap(seen.doc).get('name') === 'Renamed on process 1', 'the rename at Dan');
      const relayer = connectDoc(lagUrl(1), dan, boardId, { doc: seen.doc });
      open.push(relayer);
      await relayer.synced;
      await framesHandled(relayer, lagging);
    } finally {
      lagCluster.processes[1]!.redisLink.restore();
    }
    // With its poll slowed down, process 1 hears process 2's marker only over Redis: wait for the link.
    await redisUp(lagUrl(1));
    await markerSeen(lagging, [lagging], markerId);
    const fresh = lagConnect(0, carol, boardId);
    await fresh.synced;
    await markerSeen(lagging, [fresh], markerId);
    expect(boardMap(fresh.doc).get('name')).toBe('Renamed on process 1');
    expect(boardMap(lagging.doc).get('name')).toBe('Renamed on process 1');
  });
});
