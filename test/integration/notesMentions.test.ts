/**
 * Mentions in a deal's notes, with a real server and real Yjs / Socket.IO clients: the server
 * reads them from the committed notes, tells each member once per new mention, names the real
 * author, and believes nothing a client claims (events it emits, an origin naming someone else,
 * a viewer's edit, a non-member's id, a mention of oneself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealNotes } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { mentionToken } from '../../shared/src/board/mentions';
import type { Notification } from '../../shared/src/notifications';
import { startServer, type StartedServer } from '../helpers/startServer';
import {
  addMember,
  api,
  connectDoc,
  connectSocket,
  createBoard,
  createUser,
  waitFor,
  type DocClient,
  type TestSocket,
  type TestUser,
} from '../helpers/clients';

let server: StartedServer;
let ada: TestUser;
let bob: TestUser;
let cleo: TestUser;
let vic: TestUser;
let eve: TestUser;
const sockets: TestSocket[] = [];
const docs: DocClient[] = [];

beforeAll(async () => {
  server = await startServer({ activityQuietMs: 200 });
  [ada, bob, cleo, vic, eve] = await Promise.all([
    createUser(server.url, 'Ada'),
    createUser(server.url, 'Bob'),
    createUser(server.url, 'Cleo'),
    createUser(server.url, 'Vic'),
    createUser(server.url, 'Eve'),
  ]);
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const doc of docs) doc.destroy();
  await server?.close();
});

/** What `user` is told over Socket.IO (no board joined). */
async function inbox(user: TestUser): Promise<{ socket: TestSocket; added: Notification[] }> {
  const socket = await connectSocket(server.url, user);
  sockets.push(socket);
  const added: Notification[] = [];
  socket.on('notification:added', (n) => added.push(n));
  return { socket, added };
}

async function editorOf(user: TestUser, boardId: string): Promise<DocClient> {
  const client = connectDoc(server.url, user, boardId);
  docs.push(client);
  await client.synced;
  return client;
}

/** Appends to the deal's notes in one transaction, as `user`'s connection. */
function type(client: DocClient, dealId: string, text: string, origin: string): void {
  const notes = dealNotes(client.doc, dealId)!;
  client.doc.transact(() => notes.insert(notes.length, text), userOrigin(origin));
}

/** Resolves once the server has committed `client`'s state. */
async function committed(client: DocClient, boardId: string, dealId: string): Promise<string> {
  const want = dealNotes(client.doc, dealId)!.toString();
  await expect
    .poll(
      async () =>
        (await api<{ deals: Array<{ id: string; notes: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`)).body.deals.find(
          (d) => d.id === dealId,
        )?.notes,
    )
    .toBe(want);
  return want;
}

/** A comment by Ada that every watcher hears of: once it arrived, anything earlier has too. */
async function barrier(boardId: string, dealId: string, ...who: Array<{ added: Notification[] }>): Promise<void> {
  const before = who.map((w) => w.added.length);
  expect((await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/comments`, { body: 'barrier' })).status).toBe(201);
  await waitFor(() => who.every((w, i) => w.added.length > before[i]!), 'the barrier comment');
}

describe('mentions in the notes', () => {
  it('one notification per new mention, from the committed text; more typing, a repeat or a second copy adds none', async () => {
    const boardId = await createBoard(server.url, ada, 'Notes board');
    await addMember(server.url, ada, boardId, bob, 'editor');
    await addMember(server.url, ada, boardId, cleo, 'editor');
    const dealId = (await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'Amazon → OpenAI' })).body.deal.id;
    const b = await inbox(bob);
    const c = await inbox(cleo);
    const writer = await editorOf(ada, boardId);

    // Bob twice in one line, Cleo once: one each.
    type(writer, dealId, `Ask ${mentionToken(bob.id, 'Bob')} and ${mentionToken(cleo.id, 'Cleo')}, cc ${mentionToken(bob.id, 'Bob')}\n`, ada.id);
    await waitFor(() => b.added.length >= 1 && c.added.length >= 1, 'both mentions');
    expect(b.added[0]).toMatchObject({
      kind: 'mention',
      boardId,
      dealId,
      actor: { id: ada.id, name: 'Ada' },
      summary: 'Ada mentioned you in the notes of Amazon → OpenAI',
      excerpt: 'Ask @Bob and @Cleo, cc @Bob',
    });
    expect(c.added[0]).toMatchObject({ kind: 'mention', dealId, actor: { id: ada.id } });

    // Typing on, and a second copy of Bob's mention while the first is still there: nothing new.
    for (const word of ['the ', 'cap ', 'table ']) type(writer, dealId, word, ada.id);
    type(writer, dealId, `\nagain ${mentionToken(bob.id, 'Bob')}`, ada.id);
    await committed(writer, boardId, dealId);
    await barrier(boardId, dealId, b, c); // both watch the deal since they were mentioned
    expect(b.added.map((n) => n.kind)).toEqual(['mention', 'comment']);
    expect(c.added.map((n) => n.kind)).toEqual(['mention', 'comment']);
    const listed = (await api<{ notifications: Notification[] }>(server.url, bob, 'GET', '/api/me/notifications')).body.notifications;
    expect(listed.filter((n) => n.boardId === boardId && n.kind === 'mention')).toHaveLength(1);
  });

  it('forged notes mentions get nothing through', async () => {
    const boardId = await createBoard(server.url, ada, 'Forgery board');
    await addMember(server.url, ada, boardId, bob, 'editor');
    await addMember(server.url, ada, boardId, cleo, 'editor');
    await addMember(server.url, ada, boardId, vic, 'viewer');
    const dealId = (await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'SoftBank adds $30B' })).body.deal.id;
    // Everyone watches the deal, so the barrier comment reaches them all.
    for (const user of [bob, cleo, vic]) expect((await api(server.url, user, 'PUT', `/api/boards/${boardId}/deals/${dealId}/watch`)).status).toBe(200);
    const a = await inbox(ada);
    const b = await inbox(bob);
    const c = await inbox(cleo);
    const v = await inbox(vic);
    const e = await inbox(eve);

    // 1. Events a client emits are not the server's.
    (b.socket as unknown as { emit: (name: string, payload: unknown) => void }).emit('activity:added', {
      type: 'notes.mentioned',
      boardId,
      dealId,
      data: { userId: cleo.id, dealLabel: 'x', excerpt: 'forged' },
    });
    // 2. A viewer's notes edit is dropped: Cleo is not mentioned by it.
    const viewer = await editorOf(vic, boardId);
    type(viewer, dealId, `${mentionToken(cleo.id, 'Cleo')} from a viewer`, vic.id);
    // 3. A non-member (Eve) cannot be mentioned; 4. nor oneself (Bob).
    const bobs = await editorOf(bob, boardId);
    type(bobs, dealId, `${mentionToken(eve.id, 'Eve')} ${mentionToken(bob.id, 'Bob')} `, bob.id);
    // 5. An origin naming Cleo does not make Cleo the author: Ada hears it from Bob.
    type(bobs, dealId, `${mentionToken(ada.id, 'Ada')}`, cleo.id);
    await waitFor(() => a.added.length >= 1, 'the mention of Ada');
    expect(a.added[0]).toMatchObject({ kind: 'mention', dealId, actor: { id: bob.id, name: 'Bob' } });
    const stored = await committed(bobs, boardId, dealId);
    expect(stored).not.toContain('from a viewer');

    // The barrier comment reaches every member who watches; Eve gets nothing at all.
    await barrier(boardId, dealId, b, c, v);
    expect(b.added.map((n) => n.kind)).toEqual(['comment']);
    expect(c.added.map((n) => n.kind)).toEqual(['comment']);
    expect(v.added.map((n) => n.kind)).toEqual(['comment']);
    expect(e.added).toEqual([]);
    expect((await api<{ notifications: Notification[] }>(server.url, eve, 'GET', '/api/me/notifications')).body.notifications).toEqual([]);
  });
});
