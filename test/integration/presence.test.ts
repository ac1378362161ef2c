/**
 * Presence at once with the stock y-websocket client: its first awareness state has clock 0,
 * which y-protocols drops for an id never seen, and after a reconnect it resends the clock its
 * removal left. The room numbers states itself, so both reach peers at once, not after the
 * client's 15 s renewal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestUser } from '../helpers/clients';

describe('presence reaches peers at once', () => {
  let server: StartedServer;
  let ada: TestUser;
  let bob: TestUser;
  let boardId: string;
  const open: DocClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    ada = await createUser(server.url, 'Ada');
    bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
  });

  afterAll(async () => {
    for (const c of open) c.destroy();
    await server?.close();
  });

  it('shows a client that never set a field (clock 0) within a second, and again after its reconnect', async () => {
    const a = connectDoc(server.url, ada, boardId);
    open.push(a);
    await a.synced;
    const b = connectDoc(server.url, bob, boardId);
    open.push(b);
    const bobVisible = () => (a.provider.awareness.getStates().get(b.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name === 'Bob';
    await waitFor(bobVisible, 'Bob in Ada’s awareness');

    b.provider.disconnect();
    await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID), 'Bob gone from Ada’s awareness');
    b.provider.connect();
    await waitFor(bobVisible, 'Bob back in Ada’s awareness');

    // A's own state stays its own: the room does not echo Bob's states back to him, nor Ada's to her.
    expect(a.provider.awareness.getLocalState()).toEqual({});
  });
});
