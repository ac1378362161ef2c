/**
 * A round and its parts against a real server: PATCH/POST set and clear `partOf` with the
 * relation's rules (400 naming the field, nothing changed), live to a y-websocket client
 * with its activity; the exports carry it; a raw Yjs client may write a string `partOf` but
 * not a nested type (schema guard, 4400); the demo board links the OpenAI tranches to their
 * round, so history's pipeline totals count the round once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import type { ActivityEvent } from '../../shared/src/events';
import type { ChangesReport } from '../../shared/src/history';
import { dealsMap } from '../../shared/src/board/schema';
import { CloseCodes } from '../../shared/src/closeCodes';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, connectSocket, createBoard, createUser, waitFor, type DocClient, type TestSocket, type TestUser } from '../helpers/clients';

interface DealBody {
  id: string;
  title: string;
  partOf: string | null;
  updatedBy: string;
}
type Answer = { deal: DealBody } & { error?: { code: string; message: string } };

let server: StartedServer;
let ada: TestUser;
let boardId: string;
const open: DocClient[] = [];
const sockets: TestSocket[] = [];
const raw: WebSocket[] = [];

beforeAll(async () => {
  server = await startServer({ demo: true });
  ada = await createUser(server.url, 'Ada');
  boardId = await createBoard(server.url, ada, 'Rounds');
});

afterAll(async () => {
  for (const client of open) client.destroy();
  for (const socket of sockets) socket.disconnect();
  for (const ws of raw) ws.terminate();
  await server?.close();
});

const deals = `/api/boards/`;
const create = async (title: string, amount: number, extra: Record<string, unknown> = {}) =>
  (await api<Answer>(server.url, ada, 'POST', `${deals}${boardId}/deals`, { title, amount, ...extra })).body.deal;
const patch = (dealId: string, body: unknown) => api<Answer>(server.url, ada, 'PATCH', `${deals}${boardId}/deals/${dealId}`, body);

function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The update `change` makes to a copy of `doc`. */
function craft(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

async function rawSocket(user: TestUser): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/yjs/${boardId}`, { headers: { Authorization: `Bearer ${user.token}` } });
  raw.push(ws);
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('unexpected-response', () => reject(new Error('refused'))));
  return ws;
}

describe('partOf over REST', () => {
  it('links and unlinks a part, live and told as activity; refuses a bad round naming the field, changing nothing', async () => {
    const round = await create('OpenAI funding round', 100e9);
    const amazon = await create('Amazon → OpenAI', 50e9);
    const softbank = await create('SoftBank → OpenAI', 30e9);
    const watcher = connectDoc(server.url, ada, boardId);
    open.push(watcher);
    await watcher.synced;
    const socket = await connectSocket(server.url, ada);
    sockets.push(socket);
    const events: ActivityEvent[] = [];
    socket.on('activity:added', (event) => events.push(event));
    await new Promise<void>((resolve) => socket.emit('board:join', { boardId }, () => resolve()));

    const linked = await patch(amazon.id, { partOf: round.id });
    expect(linked.status).toBe(200);
    expect(linked.body.deal).toMatchObject({ id: amazon.id, partOf: round.id, updatedBy: ada.id });
    await waitFor(() => dealsMap(watcher.doc).get(amazon.id)?.get('partOf') === round.id, 'the link to reach the Yjs client');
    await waitFor(() => events.some((e) => e.type === 'deal.updated' && e.dealId === amazon.id), 'the activity');
    expect(events.find((e) => e.dealId === amazon.id)).toMatchObject({
      summary: 'Ada made Amazon → OpenAI part of OpenAI funding round',
      data: { fields: { partOf: { from: null, to: round.id } } },
    });

    const refusals: Array<[string, unknown, RegExp]> = [
      [softbank.id, { partOf: amazon.id }, /^partOf: .*itself part of another deal/],
      [round.id, { partOf: softbank.id }, /^partOf: this deal has parts/],
      [softbank.id, { partOf: softbank.id }, /^partOf: a deal cannot be part of itself/],
      [softbank.id, { partOf: 'no-such-deal' }, /^partOf: no such deal/],
      [softbank.id, { partOf: 5 }, /^partOf: /],
    ];
    for (const [dealId, body, message] of refusals) {
      const refused = await patch(dealId, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error?.message).toMatch(message);
    }
    const after = await api<{ deals: DealBody[] }>(server.url, ada, 'GET', `${deals}${boardId}/deals`);
    expect(Object.fromEntries(after.body.deals.map((d) => [d.title, d.partOf]))).toEqual({
      'OpenAI funding round': null,
      'Amazon → OpenAI': round.id,
      'SoftBank → OpenAI': null,
    });

    const part = await create('NVIDIA → OpenAI', 0, { partOf: round.id });
    expect(part.partOf).toBe(round.id);
    const badCreate = await api<Answer>(server.url, ada, 'POST', `${deals}${boardId}/deals`, { title: 'x', partOf: amazon.id });
    expect(badCreate.status).toBe(400);

    const csv = await api<string>(server.url, ada, 'GET', `${deals}${boardId}/export.csv`);
    const [header, ...rows] = csv.body.trim().split('\r\n');
    const column = header!.split(',').indexOf('partOf');
    expect(column).toBeGreaterThan(-1);
    const amazonRow = rows.find((row) => row.startsWith(amazon.id))!;
    expect(amazonRow.split(',')[column]).toBe(round.id);
    const json = await api<{ deals: DealBody[] }>(server.url, ada, 'GET', `${deals}${boardId}/export.json`);
    expect(json.body.deals.find((d) => d.id === amazon.id)?.partOf).toBe(round.id);

    const unlinked = await patch(amazon.id, { partOf: null });
    expect(unlinked.body.deal.partOf).toBeNull();
    await waitFor(() => events.some((e) => e.summary === 'Ada took Amazon → OpenAI out of OpenAI funding round'), 'the unlink activity');
  });

  it('takes a string partOf from a raw Yjs client, and refuses a nested type there whole (4400)', async () => {
    const round = await create('Round', 10e9);
    const part = await create('Part', 5e9);
    const client = connectDoc(server.url, ada, boardId);
    open.push(client);
    await client.synced;
    await waitFor(() => dealsMap(client.doc).has(part.id), 'the deals to reach the client');

    const bad = await rawSocket(ada);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      bad.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    bad.send(
      syncUpdate(
        craft(client.doc, (doc) =>
          dealsMap(doc)
            .get(part.id)!
            .set('partOf', new Y.Map() as unknown as string),
        ),
      ),
    );
    const { code, reason } = await closed;
    expect(code).toBe(CloseCodes.BadMessage);
    expect(reason).toMatch(/^schema: .*partOf/);
    expect((await api<Answer>(server.url, ada, 'GET', `${deals}${boardId}/deals/${part.id}`)).body.deal.partOf).toBeNull();

    const good = await rawSocket(ada);
    good.send(syncUpdate(craft(client.doc, (doc) => dealsMap(doc).get(part.id)!.set('partOf', round.id))));
    await waitFor(() => dealsMap(client.doc).get(part.id)?.get('partOf') === round.id, 'the raw link to be broadcast');
    expect((await api<Answer>(server.url, ada, 'GET', `${deals}${boardId}/deals/${part.id}`)).body.deal.partOf).toBe(round.id);
    expect(good.readyState).toBe(WebSocket.OPEN);
  });
});

describe('partOf in history', () => {
  it('a restore puts a link back as it was at a moment', async () => {
    const round = await create('Restorable round', 10e9);
    const part = await create('Restorable part', 1e9);
    await patch(part.id, { partOf: round.id });
    const { moments } = (await api<{ moments: string[] }>(server.url, ada, 'GET', `${deals}${boardId}/history/moments`)).body;
    const linkedAt = moments[moments.length - 1]!;
    await patch(part.id, { partOf: null });
    const changes = await api<ChangesReport>(server.url, ada, 'GET', `${deals}${boardId}/history/changes?from=${encodeURIComponent(linkedAt)}`);
    expect(changes.body.changes.find((c) => c.dealId === part.id)).toMatchObject({ kind: 'edited', fields: ['partOf'] });
    const restored = await api<{ outcome: string; deal: DealBody }>(server.url, ada, 'POST', `${deals}${boardId}/history/restore`, {
      dealId: part.id,
      at: linkedAt,
      fields: ['partOf'],
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ outcome: 'restored', deal: { partOf: round.id } });
  });
});

describe('the demo board', () => {
  it('links the OpenAI tranches to the round, so history counts the open pipeline as $100B, not $180B', async () => {
    const seed = server.server.demo!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ email: seed.email, password: seed.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const get = async <T>(path: string) =>
      (await (await fetch(`${server.url}/api/boards/${seed.boardId}${path}`, { headers: { Cookie: cookie } })).json()) as T;
    const { deals: all } = await get<{ deals: Array<DealBody & { acquirer: string }> }>('/export.json');
    const round = all.find((d) => d.title.startsWith('OpenAI funding round'))!;
    expect(
      all
        .filter((d) => d.partOf === round.id)
        .map((d) => d.acquirer)
        .sort(),
    ).toEqual(['Amazon', 'Microsoft', 'NVIDIA', 'SoftBank']);
    const report = await get<ChangesReport>('/history/changes?from=2026-01-02T09:30:00Z&to=2026-02-01T00:00:00Z');
    // Open pipeline at the end: In talks, the round (up to $100B) with its four parts.
    expect(report.totals.to).toMatchObject({ count: 5, sum: 100e9 });
    expect(report.totals.from.sum + report.waterfall.reduce((n, s) => n + s.value, 0)).toBe(report.totals.to.sum);
  });
});
