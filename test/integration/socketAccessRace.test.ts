/**
 * Socket.IO: an access change applied while the server's read of a socket's access is on its
 * way still reaches that socket. The read is answered from before the change (held, once the
 * real store has answered, until the change is applied), as a read that raced a commit is:
 * a removal makes the `board:join` answer not_found; a sign-out disconnects the socket whose
 * handshake it raced (and answers none of its board:joins).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, createBoard, createUser, type TestSocket, connectSocket } from '../helpers/clients';
import type { Ack } from '../../shared/src/events';
import { hashSecret } from '../../server/src/auth/secrets';

let server: StartedServer;
const sockets: TestSocket[] = [];

/** A gate: the held call waits after the store answered, until `open()`. */
function gate(): { reached: Promise<void>; hit: () => void; opened: Promise<void>; open: () => void } {
  let hit: () => void = () => undefined;
  let open: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (hit = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { reached, hit, opened, open };
}

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

/** Holds the next call of `method` whose first argument is `key`, after the real store answered it. */
function holdAfterAnswer<K extends 'getRole' | 'getApiToken'>(method: K, key: string): ReturnType<typeof gate> {
  const held = gate();
  const store = server.store as unknown as Record<K, (...args: unknown[]) => Promise<unknown>>;
  const real = store[method];
  store[method] = async (...args: unknown[]) => {
    const answer = await real.apply(server.store, args);
    if (args[0] !== key) return answer;
    store[method] = real;
    held.hit();
    await held.opened;
    return answer;
  };
  return held;
}

describe('an access change racing the read of a socket’s access', () => {
  it('refuses a board:join whose member was removed while the membership read was on its way', async () => {
    const owner = await createUser(server.url, 'Olga');
    const victor = await createUser(server.url, 'Victor');
    const boardId = await createBoard(server.url, owner, 'Race');
    await addMember(server.url, owner, boardId, victor, 'editor');
    const socket = await connectSocket(server.url, victor);
    sockets.push(socket);

    const held = holdAfterAnswer('getRole', boardId);
    const joined = new Promise<Ack>((resolve) => socket.emit('board:join', { boardId }, resolve));
    await held.reached; // the read answered "editor"; the answer is on its way
    const removed = await api(server.url, owner, 'DELETE', `/api/boards/${boardId}/members/${victor.id}`);
    expect(removed.status).toBeLessThan(300);
    held.open();

    expect(await joined).toEqual({ error: { code: 'not_found', message: 'No such board' } });
  });

  it('disconnects a socket whose token was revoked while its handshake identified it', async () => {
    const owner = await createUser(server.url, 'Olga');
    const victor = await createUser(server.url, 'Victor');
    const boardId = await createBoard(server.url, owner, 'Race');
    await addMember(server.url, owner, boardId, victor, 'editor');
    const [token] = (await (await fetch(`${server.url}/api/tokens`, { headers: { Cookie: victor.cookie, Origin: server.url } })).json()) as Array<{
      id: string;
    }>;

    const held = holdAfterAnswer('getApiToken', hashSecret(victor.token));
    const socket: TestSocket = ioClient(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: victor.token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const outcome = new Promise<string>((resolve) => {
      socket.once('disconnect', (reason) => resolve(reason));
      socket.once('connect_error', (error) => resolve(`connect_error: ${error.message}`));
      // Joining a board right away: answered only if the socket is still signed in.
      socket.once('connect', () => socket.emit('board:join', { boardId }, (ack) => resolve(`board:join answered ${JSON.stringify(ack)}`)));
    });
    await held.reached; // the token was found; the handshake goes on with it
    const revoked = await fetch(`${server.url}/api/tokens/${token!.id}`, { method: 'DELETE', headers: { Cookie: victor.cookie, Origin: server.url } });
    expect(revoked.status).toBe(204);
    held.open();

    expect(await outcome).toBe('io server disconnect');
  });
});
