/**
 * Webhooks against a real server and a real HTTP receiver on 127.0.0.1: owner-only
 * routes, the SSRF guard, signed deliveries of the typed ActivityEvent, retries after
 * 500s in order, disabling after failures in a row and re-enabling, and delivery state
 * that survives a restart.
 */
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activityEventSchema } from '../../shared/src/events';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A webhook receiver: answers each request with `answer()` and records it. */
async function startReceiver(answer: (count: number) => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = answer(received.length);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const FAST = { webhookAllowHosts: ['127.0.0.1'], webhookRetryBaseMs: 20, webhookMaxDelayMs: 100, webhookMaxFailures: 4 };

let server: StartedServer;
let ada: TestUser;
let ed: TestUser;
let eve: TestUser;
const receivers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  server = await startServer(FAST);
  [ada, ed, eve] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Ed'), createUser(server.url, 'Eve')]);
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await server?.close();
});

async function receiver(answer?: (count: number) => number) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function addDeal(base: string, boardId: string, title: string): Promise<string> {
  const res = await api<{ deal: { id: string } }>(base, ada, 'POST', `/api/boards/${boardId}/deals`, { title });
  if (res.status !== 201) throw new Error(`create deal: ${res.status}`);
  return res.body.deal.id;
}

/** Like waitFor, for a check that asks the server. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function payloads(r: { received: Received[] }, status = 200) {
  return r.received.filter((x) => x.status === status).map((x) => activityEventSchema.parse(JSON.parse(x.body)));
}

describe('registering', () => {
  it('is for owners, refuses private addresses not allowed, shows the secret once', async () => {
    const boardId = await createBoard(server.url, ada);
    await addMember(server.url, ada, boardId, ed, 'editor');
    const hooks = `/api/boards/${boardId}/webhooks`;
    const target = await receiver();
    expect((await api(server.url, ed, 'POST', hooks, { url: target.url, events: ['*'] })).status).toBe(403);
    expect((await api(server.url, ed, 'GET', hooks)).status).toBe(403);
    expect((await api(server.url, eve, 'GET', hooks)).status).toBe(404);

    const privateUrl = await api(server.url, ada, 'POST', hooks, { url: 'http://10.1.2.3/hook', events: ['*'] });
    expect(privateUrl.status).toBe(400);
    expect(JSON.stringify(privateUrl.body)).toContain('url');
    const loopbackByName = await api(server.url, ada, 'POST', hooks, { url: target.url.replace('127.0.0.1', 'localhost'), events: ['*'] });
    expect(loopbackByName.status).toBe(400);
    const badEvent = await api(server.url, ada, 'POST', hooks, { url: target.url, events: ['deal.exploded'] });
    expect(badEvent.status).toBe(400);
    expect(JSON.stringify(badEvent.body)).toContain('events');

    const created = await api<{ id: string; secret: string; enabled: boolean }>(server.url, ada, 'POST', hooks, { url: target.url, events: ['deal.created'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await api<{ webhooks: Array<Record<string, unknown>> }>(server.url, ada, 'GET', hooks);
    expect(listed.body.webhooks).toHaveLength(1);
    expect(listed.body.webhooks[0]).toMatchObject({ id: created.body.id, url: target.url, events: ['deal.created'], enabled: true });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect((await api(server.url, ada, 'DELETE', `${hooks}/${created.body.id}`)).status).toBe(204);
    expect((await api(server.url, ada, 'GET', `${hooks}/${created.body.id}/deliveries`)).status).toBe(404);
  });
});

describe('delivering', () => {
  it('POSTs each subscribed event, signed, with its type and a delivery id', async () => {
    const boardId = await createBoard(server.url, ada);
    const target = await receiver();
    const hook = await api<{ id: string; secret: string }>(server.url, ada, 'POST', `/api/boards/${boardId}/webhooks`, {
      url: target.url,
      events: ['deal.created', 'deal.moved'],
    });
    const dealId = await addDeal(server.url, boardId, 'Signed');
    const columns = (await api<{ columns: Array<{ id: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/columns`)).body.columns;
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/comments`, { body: 'not subscribed' });
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: columns[1]!.id });
    await waitFor(() => target.received.length >= 2, 'two deliveries');
    const [created, moved] = target.received;
    for (const request of [created!, moved!]) {
      const signature = String(request.headers['tranche-signature']);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
      expect(v1).toBe(createHmac('sha256', hook.body.secret).update(`${t}.${request.body}`).digest('hex'));
      expect(request.headers['content-type']).toBe('application/json');
      expect(String(request.headers['tranche-delivery'])).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(created!.headers['tranche-event']).toBe('deal.created');
    const events = payloads(target);
    expect(events.map((e) => e.type)).toEqual(['deal.created', 'deal.moved']);
    expect(events[0]).toMatchObject({ boardId, dealId, actor: { id: ada.id, name: 'Ada' }, data: { title: 'Signed' } });
    expect(events[1]!.data).toMatchObject({ from: columns[0]!.id, to: columns[1]!.id });
    const deliveries = await api<{ deliveries: Array<{ status: string; statusCode: number; attempts: number; eventType: string }> }>(
      server.url,
      ada,
      'GET',
      `/api/boards/${boardId}/webhooks/${hook.body.id}/deliveries`,
    );
    expect(deliveries.body.deliveries.map((d) => [d.eventType, d.status, d.statusCode, d.attempts])).toEqual([
      ['deal.moved', 'delivered', 200, 1],
      ['deal.created', 'delivered', 200, 1],
    ]);
  });

  it('retries after 500s with the same delivery id, and keeps the order', async () => {
    const boardId = await createBoard(server.url, ada);
    const target = await receiver((count) => (count < 2 ? 500 : 200));
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/webhooks`, { url: target.url, events: ['deal.created'] });
    const ids = [];
    for (const title of ['First', 'Second', 'Third']) ids.push(await addDeal(server.url, boardId, title));
    await waitFor(() => payloads(target).length === 3, 'three delivered');
    // The first event was tried three times before anything after it went out.
    const deliveryIds = target.received.map((r) => String(r.headers['tranche-delivery']));
    expect(new Set(deliveryIds.slice(0, 3)).size).toBe(1);
    expect(target.received.map((r) => r.status)).toEqual([500, 500, 200, 200, 200]);
    expect(payloads(target).map((e) => e.dealId)).toEqual(ids);
  });

  it('disables a webhook after failures in a row, and delivers again once re-enabled', async () => {
    const boardId = await createBoard(server.url, ada);
    let healthy = false;
    const target = await receiver(() => (healthy ? 200 : 500));
    const hook = await api<{ id: string }>(server.url, ada, 'POST', `/api/boards/${boardId}/webhooks`, { url: target.url, events: ['*'] });
    const path = `/api/boards/${boardId}/webhooks`;
    await addDeal(server.url, boardId, 'Unlucky');
    let listed: { webhooks: Array<{ enabled: boolean; consecutiveFailures: number }> } = { webhooks: [] };
    await waitFor(() => target.received.length >= FAST.webhookMaxFailures, 'the failures');
    await until(async () => {
      listed = (await api<typeof listed>(server.url, ada, 'GET', path)).body;
      return listed.webhooks[0]?.enabled === false;
    }, 'the webhook shown disabled');
    expect(listed.webhooks[0]!.consecutiveFailures).toBe(FAST.webhookMaxFailures);
    expect(target.received).toHaveLength(FAST.webhookMaxFailures);

    healthy = true;
    const enabled = await api<{ webhook: { enabled: boolean } }>(server.url, ada, 'PATCH', `${path}/${hook.body.id}`, { enabled: true });
    expect(enabled.body.webhook.enabled).toBe(true);
    await waitFor(() => payloads(target).length === 1, 'delivered after re-enabling');
    expect(payloads(target)[0]!.type).toBe('deal.created');
  });
});

describe('restart', () => {
  it('delivers what was still pending when the server stopped', async () => {
    const first = await startServer({ ...FAST, keepDataDir: true, webhookRetryBaseMs: 60_000, webhookMaxDelayMs: 60_000 });
    const owner = await createUser(first.url, 'Owner');
    const boardId = await createBoard(first.url, owner);
    const down = await receiver(() => 503);
    await api(first.url, owner, 'POST', `/api/boards/${boardId}/webhooks`, { url: down.url, events: ['deal.created'] });
    const res = await api<{ deal: { id: string } }>(first.url, owner, 'POST', `/api/boards/${boardId}/deals`, { title: 'Pending' });
    await waitFor(() => down.received.length === 1, 'the first, failed attempt');
    await first.close();

    // Same database. The retry is due in a minute: bring the stored time forward rather than wait.
    const second = await startServer({ ...FAST, dataDir: first.dataDir });
    try {
      const [hook] = await second.store.listWebhooks(boardId);
      const [pending] = await second.store.listDeliveries(hook!.id, 10);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1, statusCode: 503 });
      await second.store.recordDeliveryAttempt(pending!.id, {
        status: 'pending',
        statusCode: 503,
        lastError: 'HTTP 503',
        nextAttemptAt: new Date().toISOString(),
      });
      second.server.context.webhooks.kick();
      await waitFor(() => down.received.length === 2, 'the retry after the restart');
      expect(activityEventSchema.parse(JSON.parse(down.received[1]!.body)).dealId).toBe(res.body.deal.id);
      expect(down.received[1]!.headers['tranche-delivery']).toBe(down.received[0]!.headers['tranche-delivery']);
    } finally {
      await second.close();
    }
  });
});
