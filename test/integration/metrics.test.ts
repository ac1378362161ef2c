/**
 * GET /metrics scraped from a real server: Prometheus text with live gauges (open boards,
 * connections), the commit and fan-out histograms fed by real edits, auth failures
 * counted from real refusals, Node's event-loop delay; and the optional token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { api, connectDoc, connectSocket, createBoard, createUser, upgradeStatus, waitFor } from '../helpers/clients';
import { startServer, type StartedServer } from '../helpers/startServer';

/** The value of one sample (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(server: StartedServer, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${server.url}/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('GET /metrics', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports live gauges, commit and fan-out histograms, event-loop delay and document sizes', async () => {
    const before = await scrape(server);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const commitsBefore = sample(before.text, 'tranche_commit_batch_seconds_count') ?? 0;
    const fanoutsBefore = sample(before.text, 'tranche_fanout_seconds_count') ?? 0;
    const loadsBefore = sample(before.text, 'tranche_document_bytes_count') ?? 0;

    const owner = await createUser(server.url, 'Owner');
    const boardId = await createBoard(server.url, owner);
    const client = connectDoc(server.url, owner, boardId);
    const socket = await connectSocket(server.url, owner);
    try {
      await client.synced;
      const column = selectColumns(client.doc).columns[0]!.id;
      for (let i = 0; i < 3; i++) createDeal(client.doc, { columnId: column, title: `Deal ${i}` }, userOrigin(owner.id));
      await waitFor(() => client.provider.synced, 'synced');

      // The provider is synced once the server acknowledged the edits, which it does after committing them.
      const text = (await scrape(server)).text;
      expect(sample(text, 'tranche_open_boards')).toBe(1);
      expect(sample(text, 'tranche_connections', 'channel="yjs"')).toBe(1);
      expect(sample(text, 'tranche_connections', 'channel="socketio"')).toBe(1);
      expect(sample(text, 'tranche_commit_batch_seconds_count')).toBeGreaterThan(commitsBefore);
      expect(sample(text, 'tranche_commit_batch_seconds_bucket', 'le="+Inf"')).toBe(sample(text, 'tranche_commit_batch_seconds_count'));
      expect(sample(text, 'tranche_fanout_seconds_count')).toBeGreaterThan(fanoutsBefore);
      expect(sample(text, 'tranche_document_bytes_count')).toBeGreaterThan(loadsBefore);
      expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0);
      expect(text).toContain('# TYPE tranche_webhook_failures_total counter');
    } finally {
      client.destroy();
      socket.disconnect();
    }
    await waitFor(() => server.server.context.hub.connectionCount === 0, 'connection closed');
    expect(sample((await scrape(server)).text, 'tranche_connections', 'channel="yjs"')).toBe(0);
  });

  it('counts refused sign-ins, tokens, upgrades and sockets as auth failures', async () => {
    const count = (text: string, channel: string, code: string) => sample(text, 'tranche_auth_failures_total', `channel="${channel}",code="${code}"`) ?? 0;
    const before = (await scrape(server)).text;
    const owner = await createUser(server.url, 'Owner');

    const login = await api(server.url, null, 'POST', '/api/auth/login', { email: owner.email, password: 'wrong password!' });
    expect(login.status).toBe(401);
    const boards = await api(server.url, { ...owner, token: 'not-a-token' }, 'GET', '/api/boards');
    expect(boards.status).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}/yjs/abcdefghijklmnop`, { Authorization: 'Bearer nope' })).toBe(401);
    await expect(connectSocket(server.url, null, 'nope')).rejects.toThrow(/unauthenticated/);

    const after = (await scrape(server)).text;
    expect(count(after, 'http', 'bad_credentials')).toBe(count(before, 'http', 'bad_credentials') + 1);
    expect(count(after, 'http', 'unauthorized')).toBe(count(before, 'http', 'unauthorized') + 1);
    expect(count(after, 'websocket', 'unauthorized')).toBe(count(before, 'websocket', 'unauthorized') + 1);
    expect(count(after, 'socketio', 'unauthenticated')).toBe(count(before, 'socketio', 'unauthenticated') + 1);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  it('answers 401 without the token and the metrics with it', async () => {
    const server = await startServer({ metricsToken: 'scrape-secret-1' });
    try {
      const none = await scrape(server);
      expect(none.status).toBe(401);
      expect(JSON.parse(none.text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect((await scrape(server, 'scrape-secret-2')).status).toBe(401);
      const good = await scrape(server, 'scrape-secret-1');
      expect(good.status).toBe(200);
      expect(sample(good.text, 'tranche_open_boards')).toBe(0);
    } finally {
      await server.close();
    }
  });
});
