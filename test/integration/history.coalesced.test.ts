/**
 * Restoring from a coalesced typing entry (issue 14): title edits made in a row are told as
 * ONE deal.updated after a quiet period, so the entry's time is after every one of them. Its
 * "Restore earlier value" must read the board just before the FIRST edit (data.since), not
 * just before the entry's time (which already holds the new value, and said "unchanged").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../shared/src/events';
import { momentBefore } from '../../shared/src/history';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectSocket, createBoard, createUser, waitFor, type TestSocket, type TestUser } from '../helpers/clients';

let server: StartedServer;
let owner: TestUser;
let socket: TestSocket;

beforeAll(async () => {
  server = await startServer({ activityQuietMs: 300 });
  owner = await createUser(server.url, 'Olivia');
  socket = await connectSocket(server.url, owner);
});

afterAll(async () => {
  socket?.disconnect();
  await server?.close();
});

describe('restore from a coalesced entry', () => {
  it('puts back the title from before the first of the coalesced edits', async () => {
    const boardId = await createBoard(server.url, owner, 'Coalesced');
    const events: ActivityEvent[] = [];
    socket.on('activity:added', (event) => events.push(event));
    expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    const created = await api<{ deal: { id: string } }>(server.url, owner, 'POST', `/api/boards/${boardId}/deals`, { title: 'Original' });
    expect(created.status).toBe(201);
    const dealId = created.body.deal.id;
    for (const title of ['Or', 'Orbit', 'Orbit Capital']) {
      expect((await api(server.url, owner, 'PATCH', `/api/boards/${boardId}/deals/${dealId}`, { title })).status).toBe(200);
    }
    await waitFor(() => events.some((e) => e.type === 'deal.updated' && e.dealId === dealId), 'the coalesced title entry');
    const entry = events.find((e) => e.type === 'deal.updated' && e.dealId === dealId)!;
    expect(entry.data).toMatchObject({ fields: { title: { from: 'Original', to: 'Orbit Capital' } } });

    const restored = await api<{ outcome: string; deal: { title: string } }>(server.url, owner, 'POST', `/api/boards/${boardId}/history/restore`, {
      dealId,
      at: momentBefore(entry),
      fields: ['title'],
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ outcome: 'restored', deal: { title: 'Original' } });
  });
});
