/**
 * Attacks on the sync layer (issue 8), each against a real server with real clients, each
 * failing before its fix: one frame poisoning a board (deep nesting and other shapes the
 * schema does not allow), a board already poisoned on disk, read amplification and slow
 * readers (server memory measured), Yjs client-id squatting with an offline victim, size
 * and write-rate limits, connection caps, and the board name's one source of truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { createDeal, readBoardInfo, readDeals, selectColumns, setBoardInfo, updateDeal } from '../../shared/src/board';
import { DEAL_COMMENTS, DEAL_NOTES, DEAL_TAGS, columnsMap, dealsMap } from '../../shared/src/board/schema';
import { userOrigin } from '../../shared/src/board/origin';
import { CloseCodes } from '../../shared/src/closeCodes';
import { defaultSyncLimits } from '../../server/src/config';
import { openTestStore } from '../helpers/testStores';
import { onLogLine, setLogging } from '../../server/src/log';
import { startServer, type StartedServer } from '../helpers/startServer';
import {
  addMember,
  api,
  connectDoc,
  connectSocket,
  createBoard,
  createUser,
  upgradeStatus,
  waitFor,
  type DocClient,
  type TestSocket,
  type TestUser,
} from '../helpers/clients';

const MiB = 1024 * 1024;

let server: StartedServer;
let ada: TestUser;
let mallory: TestUser;
let vera: TestUser;
const open: DocClient[] = [];
const sockets: WebSocket[] = [];

function connect(user: TestUser, boardId: string, on: StartedServer = server): DocClient {
  const client = connectDoc(on.url, user, boardId);
  open.push(client);
  return client;
}

async function synced(user: TestUser, boardId: string, on: StartedServer = server): Promise<DocClient> {
  const client = connect(user, boardId, on);
  await client.synced;
  return client;
}

/**
 * A document holding what `doc` has, detached from any connection (to craft updates),
 * writing as `clientId` when given (set after loading: Yjs renames a doc whose own id
 * arrives from a peer).
 */
function copyOf(doc: Y.Doc, clientId?: number): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  if (clientId !== undefined) copy.clientID = clientId;
  return copy;
}

/** Polls an async check until it holds (a positive signal), failing after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a reader shows of a board, in a stable order (for convergence checks). */
function view(doc: Y.Doc): string {
  return JSON.stringify({ columns: selectColumns(doc).columns, deals: readDeals(doc) });
}

/** The update `change` makes to a copy of `doc`. */
function craft(doc: Y.Doc, change: (copy: Y.Doc) => void, clientId?: number): Uint8Array {
  const copy = copyOf(doc, clientId);
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

function syncMessage(syncType: 0 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
const syncUpdate = (update: Uint8Array) => syncMessage(2, update);
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** A plain `ws` client on a board as `user`; resolves once open. */
async function rawSocket(user: TestUser, boardId: string, on: StartedServer = server, onMessage?: (data: Buffer) => void): Promise<WebSocket> {
  const ws = new WebSocket(`${on.wsUrl}/yjs/${boardId}`, { headers: { Authorization: `Bearer ${user.token}` } });
  sockets.push(ws);
  ws.on('error', () => undefined);
  if (onMessage) ws.on('message', onMessage);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('unexpected-response', () => reject(new Error('refused'))));
  return ws;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve({ code: -1, reason: 'already closed' });
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Sends one update on a fresh socket and returns how the server closed it. */
async function sendExpectingClose(user: TestUser, boardId: string, update: Uint8Array, on: StartedServer = server): Promise<{ code: number; reason: string }> {
  const ws = await rawSocket(user, boardId, on);
  const closed = closeOf(ws);
  ws.send(syncUpdate(update));
  return closed;
}

function deepArray(doc: Y.Doc, key: string, depth: number): void {
  doc.transact(() => {
    let current = new Y.Array<unknown>();
    dealsMap(doc).set(key, current as unknown as Y.Map<unknown>);
    for (let i = 0; i < depth; i++) {
      const next = new Y.Array<unknown>();
      current.push([next]);
      current = next;
    }
  });
}

function firstColumn(doc: Y.Doc): string {
  const id = selectColumns(doc).columns[0]?.id;
  if (!id) throw new Error('no column');
  return id;
}

function newDeal(doc: Y.Doc, user: TestUser, fields: Partial<Parameters<typeof createDeal>[1]> = {}): string {
  const result = createDeal(doc, { columnId: firstColumn(doc), title: 'Amazon invests in OpenAI', ...fields }, userOrigin(user.id));
  if (!result.ok) throw new Error(result.error.message);
  return result.value.dealId;
}

/** Memory of this process, which runs the server under test. */
function memory(): { rss: number; heap: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

beforeAll(async () => {
  server = await startServer();
  [ada, mallory, vera] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Mallory'), createUser(server.url, 'Vera')]);
});

afterAll(async () => {
  for (const client of open) client.destroy();
  for (const ws of sockets) ws.terminate();
  await server?.close();
});

describe('the schema is enforced on every update', () => {
  it('refuses deep nesting, unknown types and keys and wrong kinds whole (4400), and keeps the board loadable', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, mallory, 'editor');
    const owner = await synced(ada, boardId);
    const dealId = newDeal(owner.doc, ada);
    const attacker = await synced(mallory, boardId);
    await waitFor(() => dealsMap(attacker.doc).has(dealId), 'the deal to reach the attacker');
    const base = attacker.doc;
    const deal = (doc: Y.Doc) => dealsMap(doc).get(dealId)!;

    const attacks: Record<string, (doc: Y.Doc) => void> = {
      'a Y.Array nested 6,000 deep as a deal': (doc) => deepArray(doc, 'x', 6_000),
      'a shallow Y.Array as a deal': (doc) => deepArray(doc, 'y', 1),
      'a top-level type outside the contract': (doc) => doc.getArray('evil').push(['x']),
      'an unknown key in a deal': (doc) => deal(doc).set('evil', new Y.Map()),
      'a long unknown key, not ASCII': (doc) => deal(doc).set('é'.repeat(200), 'x'),
      'an object in a plain field': (doc) => deal(doc).set('title', { nested: { deeper: [1, 2, 3] } } as unknown as string),
      'a Y.Array inside tags': (doc) => (deal(doc).get(DEAL_TAGS) as Y.Array<unknown>).push([new Y.Array()]),
      'a Y.Map as notes': (doc) => deal(doc).set(DEAL_NOTES, new Y.Map()),
      'a string as a comment': (doc) => (deal(doc).get(DEAL_COMMENTS) as Y.Map<unknown>).set('c1', 'not a map'),
      'an embed in notes': (doc) => (deal(doc).get(DEAL_NOTES) as Y.Text).insertEmbed(0, { deep: [[[1]]] }),
      'a column key outside the contract': (doc) => [...columnsMap(doc).values()][0]!.set('script', 'x'),
    };
    for (const [name, attack] of Object.entries(attacks)) {
      const closed = await sendExpectingClose(mallory, boardId, craft(base, attack));
      expect(closed.code, name).toBe(CloseCodes.BadMessage);
      expect(closed.reason, name).toMatch(/^schema: /);
    }

    // Right kind, invalid value: stored and read as invalid, as before.
    const ws = await rawSocket(mallory, boardId);
    ws.send(syncUpdate(craft(base, (doc) => deal(doc).set('amount', -5))));
    const fresh = await synced(ada, boardId);
    await waitFor(() => dealsMap(fresh.doc).get(dealId)?.get('amount') === -5, 'the negative amount');
    expect(readDeals(fresh.doc).find((d) => d.id === dealId)?.invalid).toBe(true);
    expect(ws.readyState).toBe(ws.OPEN);

    // Nothing of the refused updates reached the board, which anyone can still load.
    expect(selectColumns(fresh.doc).columns.length).toBeGreaterThan(0);
    expect(dealsMap(fresh.doc).has('x')).toBe(false);
    expect(fresh.doc.share.has('evil')).toBe(false);
    expect(deal(fresh.doc).has('evil')).toBe(false);
    const exported = await api(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`);
    expect(exported.status).toBe(200);
  });

  it('does not apply an update that builds on structs the server lacks; asks for them and takes both', async () => {
    const boardId = await createBoard(server.url, ada);
    const owner = await synced(ada, boardId);
    const local = copyOf(owner.doc);
    newDeal(local, ada, { title: 'first' });
    newDeal(local, ada, { title: 'second' });
    const sv = Y.encodeStateVector(local);
    dealsMap(local).forEach((deal) => deal.set('target', 'OpenAI'));
    const dependent = Y.encodeStateAsUpdate(local, sv);

    const step1s: number[] = [];
    const ws = await rawSocket(ada, boardId, server, (data) => void (data[0] === 0 && data[1] === 0 && step1s.push(data.length)));
    await waitFor(() => step1s.length === 1, "the server's handshake");
    ws.send(syncUpdate(dependent)); // builds on deals the server never got
    await waitFor(() => step1s.length === 2, 'a resync request');
    expect(dealsMap(owner.doc).size).toBe(0);
    ws.send(syncMessage(2, Y.encodeStateAsUpdate(local, Y.encodeStateVector(owner.doc)))); // the client's answer
    await waitFor(() => readDeals(owner.doc).filter((d) => !d.invalid && d.target === 'OpenAI').length === 2, 'both deals, with the dependent edit');
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('opens a board poisoned on disk with the bad update dropped, logged with its author, and export working', async () => {
    const first = await startServer({ keepDataDir: true });
    const owner = await createUser(first.url, 'Owner');
    const attackerUser = await createUser(first.url, 'Attacker');
    const boardId = await createBoard(first.url, owner);
    const client = connectDoc(first.url, owner, boardId);
    await client.synced;
    const dealId = newDeal(client.doc, owner, { title: 'SoftBank in talks for $30B more' });
    const poison = craft(client.doc, (doc) => deepArray(doc, 'x', 6_000));
    const check = connectDoc(first.url, owner, boardId);
    await check.synced;
    await waitFor(() => dealsMap(check.doc).has(dealId), 'the deal to be committed');
    client.destroy();
    check.destroy();
    await first.close({ keepDataDir: true });

    // Write the poison straight into the log, as a server before the guard accepted it.
    const store = await openTestStore(first.dataDir);
    await store.appendUpdates(boardId, [{ update: poison, userId: attackerUser.id, at: new Date().toISOString() }]);
    await store.close();

    const lines: string[] = [];
    const stopListening = onLogLine((line) => void lines.push(line));
    setLogging(true);
    const second = await startServer({ dataDir: first.dataDir, keepDataDir: true });
    try {
      const reader = connectDoc(second.url, owner, boardId);
      await reader.synced;
      expect(dealsMap(reader.doc).has('x')).toBe(false);
      expect(readDeals(reader.doc).map((d) => d.id)).toEqual([dealId]);
      expect(selectColumns(reader.doc).columns.length).toBeGreaterThan(0);
      const exported = await api<{ deals: Array<{ id: string }> }>(second.url, owner, 'GET', `/api/boards/${boardId}/export.json`);
      expect(exported.status).toBe(200);
      expect(JSON.stringify(exported.body)).toContain(dealId);
      reader.destroy();
    } finally {
      setLogging(false);
      stopListening();
      await second.close({ keepDataDir: true });
    }
    const repair = lines.find((line) => line.includes('repair: dropped a stored update'));
    expect(repair).toBeDefined();
    expect(repair).toContain(attackerUser.id);

    // The repair was snapshotted: the next start opens the board without repairing again.
    lines.length = 0;
    const third = await startServer({ dataDir: first.dataDir });
    try {
      const reader = connectDoc(third.url, owner, boardId);
      await reader.synced;
      expect(readDeals(reader.doc).map((d) => d.id)).toEqual([dealId]);
      reader.destroy();
    } finally {
      await third.close();
    }
  });
});

describe('read amplification', () => {
  it('keeps server memory bounded when a viewer that never reads floods sync step 1 on a 1 MiB board', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, vera, 'viewer');
    const owner = await synced(ada, boardId);
    for (let i = 0; i < 11; i++) newDeal(owner.doc, ada, { title: `Deal ${i}`, notes: 'n'.repeat(100_000) });
    const check = await synced(ada, boardId);
    await waitFor(() => dealsMap(check.doc).size === 11, 'the 1 MiB board');
    expect(Y.encodeStateAsUpdate(check.doc).byteLength).toBeGreaterThan(1 * MiB);

    const ws = await rawSocket(vera, boardId);
    ws.pause(); // never reads
    const closed = closeOf(ws);
    const before = memory();
    let peak = before;
    const sampler = setInterval(() => {
      const now = memory();
      peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) };
    }, 20);
    const step1 = syncMessage(0, EMPTY_STATE_VECTOR);
    let sent = 0;
    for (let round = 0; round < 30 && ws.readyState === ws.OPEN; round++) {
      for (let i = 0; i < 20; i++) {
        ws.send(step1);
        sent += step1.byteLength;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clearInterval(sampler);
    const growth = { rss: (peak.rss - before.rss) / MiB, heap: (peak.heap - before.heap) / MiB };
    console.info(`read amplification: ${sent} bytes sent; server memory grew rss +${growth.rss.toFixed(1)} MiB, heap+external +${growth.heap.toFixed(1)} MiB`);
    expect(growth.heap).toBeLessThan(48);
    expect(growth.rss).toBeLessThan(96);
    ws.resume();
    expect((await closed).code).toBe(CloseCodes.TooManyRequests);
  });

  it('cuts a slow reader once what is queued for it passes the limit', async () => {
    const slow = await startServer({
      sync: {
        ...defaultSyncLimits,
        queueBaseBytes: 256 * 1024,
        queueBoardFactor: 0,
        connectionWriteBytes: { burst: 200 * MiB, perSecond: 100 * MiB },
        userWriteBytes: { burst: 200 * MiB, perSecond: 100 * MiB },
      },
    });
    try {
      const owner = await createUser(slow.url, 'Owner');
      const viewer = await createUser(slow.url, 'Viewer');
      const boardId = await createBoard(slow.url, owner);
      await addMember(slow.url, owner, boardId, viewer, 'viewer');
      const writer = connectDoc(slow.url, owner, boardId);
      await writer.synced;
      const dealId = newDeal(writer.doc, owner);
      const ws = await rawSocket(viewer, boardId, slow);
      ws.pause();
      const closed = closeOf(ws);
      // 40 MiB of broadcasts (a long title rewritten), far more than socket buffers hold,
      // then one more edit: by then far more than the limit waits for the viewer.
      for (let i = 0; i < 80; i++)
        dealsMap(writer.doc)
          .get(dealId)!
          .set(
            'title',
            String(i)
              .repeat(256 * 1024)
              .slice(0, 512 * 1024),
          );
      const check = connectDoc(slow.url, owner, boardId);
      await check.synced;
      await waitFor(() => (dealsMap(check.doc).get(dealId)?.get('title') as string).startsWith('79'), 'the long writes');
      dealsMap(writer.doc).get(dealId)!.set('target', 'OpenAI');
      await waitFor(() => dealsMap(check.doc).get(dealId)?.get('target') === 'OpenAI', 'the last write');
      ws.resume();
      const result = await closed;
      expect(result.code).toBe(1006); // cut, not closed politely: what was queued is freed at once
      writer.destroy();
      check.destroy();
    } finally {
      await slow.close();
    }
  });
});

describe('Yjs client ids belong to their first writer', () => {
  it("refuses an attacker writing at an offline victim's client id; the victim's edits survive and docs converge, across a restart", async () => {
    const first = await startServer({ keepDataDir: true });
    const victimUser = await createUser(first.url, 'Victim');
    const attackerUser = await createUser(first.url, 'Attacker');
    const boardId = await createBoard(first.url, victimUser);
    await addMember(first.url, victimUser, boardId, attackerUser, 'editor');
    const victim = connectDoc(first.url, victimUser, boardId);
    await victim.synced;
    const dealId = newDeal(victim.doc, victimUser, { title: 'Amazon $8B in Anthropic', amount: 8_000_000_000 });
    const attacker = connectDoc(first.url, attackerUser, boardId);
    await attacker.synced;
    await waitFor(() => dealsMap(attacker.doc).has(dealId), 'the deal to reach the attacker');

    victim.provider.disconnect();
    const victimId = victim.doc.clientID;
    updateDeal(victim.doc, { dealId, patch: { title: 'Amazon $8B in Anthropic (closed)', amount: 8_500_000_000 } }, userOrigin(victimUser.id));

    // The attacker writes at the victim's next clocks, as the victim's client.
    const squat = craft(attacker.doc, (doc) => dealsMap(doc).get(dealId)!.set('title', 'hijacked'), victimId);
    const refused = await sendExpectingClose(attackerUser, boardId, squat, first);
    expect(refused).toEqual({ code: CloseCodes.BadMessage, reason: `client id ${victimId} belongs to another user` });

    victim.provider.connect();
    const fresh = connectDoc(first.url, victimUser, boardId);
    await fresh.synced;
    await waitFor(() => dealsMap(fresh.doc).get(dealId)?.get('amount') === 8_500_000_000, "the victim's offline edit");
    expect(dealsMap(fresh.doc).get(dealId)?.get('title')).toBe('Amazon $8B in Anthropic (closed)');
    await waitFor(() => view(victim.doc) === view(fresh.doc), 'convergence');
    for (const c of [victim, attacker, fresh]) c.destroy();
    await first.close({ keepDataDir: true });

    // The binding is kept with the log: after a restart the id is still the victim's.
    const second = await startServer({ dataDir: first.dataDir });
    try {
      const reader = connectDoc(second.url, attackerUser, boardId);
      await reader.synced;
      const again = craft(reader.doc, (doc) => dealsMap(doc).get(dealId)!.set('title', 'hijacked'), victimId);
      expect((await sendExpectingClose(attackerUser, boardId, again, second)).code).toBe(CloseCodes.BadMessage);
      // Relaying structs the server already has stays harmless.
      const ws = await rawSocket(attackerUser, boardId, second);
      ws.send(syncUpdate(Y.encodeStateAsUpdate(reader.doc)));
      updateDeal(reader.doc, { dealId, patch: { target: 'Anthropic PBC' } }, userOrigin(attackerUser.id));
      const check = connectDoc(second.url, victimUser, boardId);
      await check.synced;
      await waitFor(() => dealsMap(check.doc).get(dealId)?.get('target') === 'Anthropic PBC', "the attacker's own edit");
      expect(ws.readyState).toBe(ws.OPEN);
      reader.destroy();
      check.destroy();
    } finally {
      await second.close();
    }
  });
});

describe('size and write limits', () => {
  let limited: StartedServer;
  let owner: TestUser;
  beforeAll(async () => {
    limited = await startServer({
      sync: {
        ...defaultSyncLimits,
        maxDocBytes: 400 * 1024,
        maxUpdateBytes: 128 * 1024,
        connectionWrites: { burst: 50, perSecond: 10 },
        userWrites: { burst: 80, perSecond: 10 },
      },
    });
    owner = await createUser(limited.url, 'Owner');
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('refuses an update above the single-update limit with 4413', async () => {
    const boardId = await createBoard(limited.url, owner);
    const client = connectDoc(limited.url, owner, boardId);
    await client.synced;
    const update = craft(client.doc, (doc) => {
      newDeal(doc, owner, { notes: 'n'.repeat(100_000) });
      newDeal(doc, owner, { notes: 'm'.repeat(100_000) });
    });
    expect(update.byteLength).toBeGreaterThan(128 * 1024);
    expect(await sendExpectingClose(owner, boardId, update, limited)).toEqual({ code: CloseCodes.TooLarge, reason: 'update too large' });
    client.destroy();
  });

  it('stops a board at its size limit with 4413 "board is full"; the board stays readable', async () => {
    const boardId = await createBoard(limited.url, owner);
    const client = connectDoc(limited.url, owner, boardId);
    await client.synced;
    // Eight deals of about 90 KB each, one update each, against a 400 KB limit.
    const ws = await rawSocket(owner, boardId, limited);
    const closed = closeOf(ws);
    for (let i = 0; i < 8; i++) ws.send(syncUpdate(craft(client.doc, (doc) => newDeal(doc, owner, { title: `Deal ${i}`, notes: String(i).repeat(90_000) }))));
    expect(await closed).toEqual({ code: CloseCodes.TooLarge, reason: 'board is full' });
    const reader = connectDoc(limited.url, owner, boardId);
    await reader.synced;
    const stored = readDeals(reader.doc).length;
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(8);
    expect(Y.encodeStateAsUpdate(reader.doc).byteLength).toBeLessThanOrEqual(400 * 1024);
    expect(selectColumns(reader.doc).columns.length).toBeGreaterThan(0);
    reader.destroy();
    client.destroy();
  });

  it('closes a connection, and a user across connections, that write faster than the budget (4429)', async () => {
    const boardId = await createBoard(limited.url, owner);
    const client = connectDoc(limited.url, owner, boardId);
    await client.synced;
    const dealId = newDeal(client.doc, owner);
    await waitFor(() => client.provider.synced, 'sync');
    const local = copyOf(client.doc);
    const edits: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => edits.push(u));
    for (let i = 0; i < 200; i++) dealsMap(local).get(dealId)!.set('acquirer', `a${i}`);

    // One connection: 60 updates at once is above its burst of 50.
    const ws = await rawSocket(owner, boardId, limited);
    const closed = closeOf(ws);
    for (const edit of edits.slice(0, 60)) ws.send(syncUpdate(edit));
    expect(await closed).toEqual({ code: CloseCodes.TooManyRequests, reason: 'write rate limit exceeded' });

    // Two connections of one user, 45 each: each within its own budget, together above the user's.
    const [a, b] = [await rawSocket(owner, boardId, limited), await rawSocket(owner, boardId, limited)];
    const closes = [closeOf(a!), closeOf(b!)];
    for (let i = 60; i < 150; i++) (i % 2 === 0 ? a! : b!).send(syncUpdate(edits[i]!));
    const first = await Promise.race(closes);
    expect(first).toEqual({ code: CloseCodes.TooManyRequests, reason: 'write rate limit exceeded' });
    client.destroy();
  });
});

describe('connection caps', () => {
  it('refuses the Yjs upgrade and the Socket.IO handshake above the per-user and per-address caps', async () => {
    const capped = await startServer({ sync: { ...defaultSyncLimits, maxConnectionsPerUser: 3, maxConnectionsPerAddress: 5 } });
    const io: TestSocket[] = [];
    try {
      const [one, two] = [await createUser(capped.url, 'One'), await createUser(capped.url, 'Two')];
      const boardId = await createBoard(capped.url, one);
      await addMember(capped.url, one, boardId, two, 'viewer');
      const url = `${capped.wsUrl}/yjs/${boardId}`;
      const held = [await rawSocket(one, boardId, capped), await rawSocket(one, boardId, capped), await rawSocket(one, boardId, capped)];
      expect(await upgradeStatus(url, { Authorization: `Bearer ${one.token}` })).toBe(429);
      // Another user from the same address: two more, then the address is full.
      held.push(await rawSocket(two, boardId, capped), await rawSocket(two, boardId, capped));
      expect(await upgradeStatus(url, { Authorization: `Bearer ${two.token}` })).toBe(429);
      // Closing one frees its slot.
      const gone = closeOf(held[0]!);
      held[0]!.close();
      await gone;
      await eventually(async () => (await upgradeStatus(url, { Authorization: `Bearer ${one.token}` })) === 101, 'the freed slot');

      for (let i = 0; i < 3; i++) io.push(await connectSocket(capped.url, one));
      await expect(connectSocket(capped.url, one)).rejects.toThrow('too_many_connections');
      io.shift()!.disconnect();
      await eventually(
        () =>
          connectSocket(capped.url, one).then(
            (s) => io.push(s) > 0,
            () => false,
          ),
        'the freed socket slot',
      );
      for (const ws of held) ws.terminate();
    } finally {
      for (const s of io) s.disconnect();
      await capped.close();
    }
  });
});

describe('the board name has one source of truth', () => {
  it('keeps the document and the store in agreement whether the owner renames over REST or in the document', async () => {
    const boardId = await createBoard(server.url, ada, 'Pipeline');
    const client = await synced(ada, boardId);

    const renamed = setBoardInfo(client.doc, { name: 'Renamed in the document' }, userOrigin(ada.id));
    expect(renamed.ok).toBe(true);
    await eventually(
      async () => (await api<{ name: string }>(server.url, ada, 'GET', `/api/boards/${boardId}`)).body.name === 'Renamed in the document',
      'the store to follow the document',
    );
    const boards = await api<Array<{ id: string; name: string }>>(server.url, ada, 'GET', '/api/boards');
    expect(boards.body.find((b) => b.id === boardId)?.name).toBe('Renamed in the document');

    const patched = await api<{ name: string }>(server.url, ada, 'PATCH', `/api/boards/${boardId}`, { name: 'Renamed over REST' });
    expect(patched.body.name).toBe('Renamed over REST');
    await waitFor(() => readBoardInfo(client.doc).name === 'Renamed over REST', 'the REST rename in the document');
  });
});

describe('connection caps behind a reverse proxy', () => {
  /** A Yjs connection held open, arriving as if through a proxy that saw `forwardedFor`. */
  async function forwardedSocket(on: StartedServer, user: TestUser, boardId: string, forwardedFor: string): Promise<number | WebSocket> {
    const ws = new WebSocket(`${on.wsUrl}/yjs/${boardId}`, { headers: { Authorization: `Bearer ${user.token}`, 'X-Forwarded-For': forwardedFor } });
    sockets.push(ws);
    ws.on('error', () => undefined);
    return new Promise((resolve) => ws.once('open', () => resolve(ws)).once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  }

  it('counts the address the proxy saw when TRUST_PROXY is set, and ignores a forged X-Forwarded-For when not', async () => {
    const limits = { ...defaultSyncLimits, maxConnectionsPerUser: 10, maxConnectionsPerAddress: 2 };
    const [trusted, direct] = [await startServer({ sync: limits, trustProxy: true }), await startServer({ sync: limits })];
    try {
      for (const on of [trusted, direct]) {
        const owner = await createUser(on.url, 'Owner');
        const boardId = await createBoard(on.url, owner);
        // Two people behind one office address fill it; the proxy appends the address it saw last.
        expect(await forwardedSocket(on, owner, boardId, '10.9.9.9, 203.0.113.7')).toBeInstanceOf(WebSocket);
        expect(await forwardedSocket(on, owner, boardId, '203.0.113.7')).toBeInstanceOf(WebSocket);
        const sameOffice = await forwardedSocket(on, owner, boardId, '203.0.113.7');
        const otherOffice = await forwardedSocket(on, owner, boardId, '198.51.100.4');
        if (on === trusted) {
          expect(sameOffice).toBe(429);
          expect(otherOffice).toBeInstanceOf(WebSocket);
        } else {
          // Not behind a proxy: every connection is 127.0.0.1, whatever the header claims.
          expect(sameOffice).toBe(429);
          expect(otherOffice).toBe(429);
        }
      }
    } finally {
      for (const ws of sockets) ws.terminate();
      await Promise.all([trusted.close(), direct.close()]);
    }
  });
});

describe('REST writes share the write budget', () => {
  it("refuses a REST write over the user's write budget with 429 and Retry-After, and changes nothing", async () => {
    const limited = await startServer({ sync: { ...defaultSyncLimits, userWrites: { burst: 3, perSecond: 0.001 } } });
    try {
      const owner = await createUser(limited.url, 'Scripter');
      const boardId = await createBoard(limited.url, owner);
      for (let i = 0; i < 3; i++) expect((await api(limited.url, owner, 'POST', `/api/boards/${boardId}/deals`, { title: `Deal ${i}` })).status).toBe(201);
      const refused = await fetch(`${limited.url}/api/boards/${boardId}/deals`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json', Origin: limited.url },
        body: JSON.stringify({ title: 'One too many' }),
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      const exported = await api<{ deals: { title: string }[] }>(limited.url, owner, 'GET', `/api/boards/${boardId}/export.json`);
      expect(exported.body.deals.map((d) => d.title).sort()).toEqual(['Deal 0', 'Deal 1', 'Deal 2']);
    } finally {
      await limited.close();
    }
  });
});
