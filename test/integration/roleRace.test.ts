/**
 * A role change that lands between the Yjs upgrade reading the role and the connection joining
 * its room must still reach that connection (the room re-reads the role once it has joined).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RoomConnection } from '../../server/src/sync/RoomConnection';
import { hashSecret } from '../../server/src/auth/secrets';
import { colorFor } from '../../shared/src/personColor';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

describe('a role change racing a connection joining its room', () => {
  let server: StartedServer;
  let olga: TestUser;
  let victor: TestUser;
  let boardId: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startServer();
    olga = await createUser(server.url, 'Olga');
    victor = await createUser(server.url, 'Victor');
    boardId = await createBoard(server.url, olga, 'Race', 'pipeline');
    await addMember(server.url, olga, boardId, victor, 'viewer');
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  /** A connection as the upgrade builds it, carried by a real socket to the server. */
  async function connectionAs(role: 'viewer' | 'editor'): Promise<RoomConnection> {
    const socket = new WebSocket(`${server.wsUrl}/api/health`);
    sockets.push(socket);
    socket.on('error', () => {});
    return new RoomConnection(socket, { id: victor.id, name: victor.name, color: colorFor(victor.id) }, role, hashSecret(victor.token));
  }

  it('gets the promotion that happened after its role was read', async () => {
    const connection = await connectionAs('viewer'); // read at the upgrade
    const promoted = await api(server.url, olga, 'PATCH', `/api/boards/${boardId}/members/${victor.id}`, { role: 'editor' });
    expect(promoted.status).toBe(200);
    const { detach } = await server.server.context.hub.connect(boardId, connection);
    expect(connection.role).toBe('editor');
    detach();
  });

  it('is closed when the removal happened after its role was read', async () => {
    const connection = await connectionAs('editor');
    const removed = await api(server.url, olga, 'DELETE', `/api/boards/${boardId}/members/${victor.id}`);
    expect(removed.status).toBeLessThan(300);
    const { room, detach } = await server.server.context.hub.connect(boardId, connection);
    expect(room.connections.has(connection)).toBe(false);
    await waitFor(() => connection.socket.readyState === WebSocket.CLOSED, 'the connection to close');
    detach();
  });
});
