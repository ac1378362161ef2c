/** API tokens: listed without secrets, revoked at once (REST, Yjs and Socket.IO alike). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/src/closeCodes';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, connectSocket, createBoard, createUser, type TestUser } from '../helpers/clients';

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
    const second = await api<{ id: string; name: string; token: string }>(server.url, ada, 'POST', '/api/tokens', { name: 'CI script' });
    expect(second.status).toBe(201);
    const listed = await api<Array<Record<string, unknown>>>(server.url, ada, 'GET', '/api/tokens');
    expect(listed.status).toBe(200);
    expect(listed.body.map((t) => t.name)).toEqual(['CI script', 'tests']);
    expect(listed.body.every((t) => Object.keys(t).sort().join() === 'createdAt,id,name')).toBe(true);
    expect(JSON.stringify(listed.body)).not.toContain(second.body.token);
    expect((await api(server.url, eve, 'GET', '/api/tokens')).body).toHaveLength(1);

    // Eve cannot revoke Ada's token: it does not exist for her.
    expect((await api(server.url, eve, 'DELETE', `/api/tokens/${second.body.id}`)).status).toBe(404);

    const script: TestUser = { ...ada, token: second.body.token };
    const boardId = await createBoard(server.url, script);
    const doc = connectDoc(server.url, script, boardId);
    await doc.synced;
    const socket = await connectSocket(server.url, script);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const closed = new Promise<number>((resolve) => doc.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));

    expect((await api(server.url, ada, 'DELETE', `/api/tokens/${second.body.id}`)).status).toBe(204);
    expect(await closed).toBe(CloseCodes.SignedOut);
    await disconnected;
    expect((await api(server.url, script, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(server.url, ada, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await api(server.url, ada, 'DELETE', `/api/tokens/${second.body.id}`)).status).toBe(404);
    doc.destroy();
  });
});
