/**
 * A cluster process with Redis down still serves its own Socket.IO clients at once. The
 * Socket.IO cluster adapter publishes every broadcast to Redis before it delivers it to the
 * process's own sockets; had that publish waited for Redis to return, board:saved,
 * activity:added and the disconnect of a revoked token's sockets would all wait with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../shared/src/events';
import { api, connectSocket, createBoard, createUser, waitFor, type TestSocket, type TestUser } from '../helpers/clients';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let ada: TestUser;
const sockets: TestSocket[] = [];
const url = (): string => cluster.processes[0]!.url;

/** A cookie-session REST call (the token routes take a browser session only). */
async function asSession<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Cookie: ada.cookie, Origin: url() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${url()}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

beforeAll(async () => {
  cluster = await startCluster(1);
  ada = await createUser(url(), 'Ada');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await cluster?.destroy();
});

describe('a cluster process with Redis down', () => {
  it("still sends its own sockets board:saved and activity:added, and closes a revoked token's sockets at once", async () => {
    const boardId = await createBoard(url(), ada, 'Redis down');
    const minted = await asSession<{ id: string; token: string }>('POST', '/api/tokens', { name: 'to revoke' });
    expect(minted.status).toBe(201);
    const watcher = await connectSocket(url(), ada);
    const revoked = await connectSocket(url(), null, minted.body.token);
    sockets.push(watcher, revoked);
    expect(await watcher.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const saved: string[] = [];
    const activity: ActivityEvent[] = [];
    watcher.on('board:saved', (event) => saved.push(event.stateVector));
    watcher.on('activity:added', (event) => activity.push(event));
    let revokedReason: string | null = null;
    revoked.on('disconnect', (reason) => (revokedReason = reason));

    await cluster.redis.kill();
    try {
      const created = await api<{ deal: { id: string } }>(url(), ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'While Redis is down' });
      expect(created.status).toBe(201);
      await waitFor(() => saved.length > 0, 'board:saved with Redis down');
      await waitFor(() => activity.some((e) => e.type === 'deal.created' && e.dealId === created.body.deal.id), 'activity:added with Redis down');

      const deleted = await asSession('DELETE', `/api/tokens/${minted.body.id}`);
      expect(deleted.status).toBe(204);
      await waitFor(() => revokedReason !== null, "the revoked token's socket closed with Redis down");
      expect(revokedReason).toBe('io server disconnect');
      expect(watcher.connected).toBe(true);
    } finally {
      await cluster.redis.start();
    }
  });
});
