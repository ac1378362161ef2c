/** API tokens: listed without secrets, revoked at once (REST, Yjs and Socket.IO alike). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/src/closeCodes';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, connectSocket, createBoard, createUser, type TestUser } from '../helpers/clients';
import { Agent } from '../helpers/http';

/** An Agent carrying `user`'s session cookie (tokens are managed from a browser session). */
function browserOf(user: TestUser): Agent {
  const agent = new Agent(server.url);
  const [name = '', ...value] = user.cookie.split('=');
  agent.cookies.set(name, value.join('='));
  return agent;
}

let server: StartedServer;
let ada: TestUser;
let eve: TestUser;

beforeAll(async () => {
  server = await startServer();
  [ada, eve] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Eve')]);
});
afterAll(async () => server?.close());

describe('API tokens', () => {
  it('lists the caller’s tokens without secrets and revokes one everywhere at once', async () => {
    const second = await browserOf(ada).post<{ id: string; name: string; token: string }>('/api/tokens', { name: 'CI script' });
    expect(second.status).toBe(201);
    const listed = await browserOf(ada).get<Array<Record<string, unknown>>>('/api/tokens');
    expect(listed.status).toBe(200);
    expect(listed.body.map((t) => t.name)).toEqual(['CI script', 'tests']);
    expect(listed.body.every((t) => Object.keys(t).sort().join() === 'access,boardId,createdAt,expiresAt,id,lastUsedAt,name')).toBe(true);
    expect(JSON.stringify(listed.body)).not.toContain(second.body.token);
    expect((await browserOf(eve).get<unknown[]>('/api/tokens')).body).toHaveLength(1);

    // Eve cannot revoke Ada's token: it does not exist for her.
    expect((await browserOf(eve).delete(`/api/tokens/${second.body.id}`)).status).toBe(404);

    const script: TestUser = { ...ada, token: second.body.token };
    const boardId = await createBoard(server.url, script);
    const doc = connectDoc(server.url, script, boardId);
    await doc.synced;
    const socket = await connectSocket(server.url, script);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const closed = new Promise<number>((resolve) => doc.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));

    expect((await browserOf(ada).delete(`/api/tokens/${second.body.id}`)).status).toBe(204);
    expect(await closed).toBe(CloseCodes.SignedOut);
    await disconnected;
    expect((await api(server.url, script, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(server.url, ada, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await browserOf(ada).delete(`/api/tokens/${second.body.id}`)).status).toBe(404);
    doc.destroy();
  });
});
