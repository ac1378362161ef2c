/**
 * The notification inbox end to end, with a real server and real clients: every kind is
 * derived from committed changes, reaches only the person concerned (never for their own
 * actions), over Socket.IO without joining anything and over REST; watches and read state
 * follow the person across devices; losing access hides a board's notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, createDeal, dealNotes } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { mentionToken } from '../../shared/src/board/mentions';
import type { Notification, Watch } from '../../shared/src/notifications';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, connectSocket, createBoard, createUser, waitFor, type TestSocket, type TestUser } from '../helpers/clients';

let server: StartedServer;
let ada: TestUser;
let bob: TestUser;
let cleo: TestUser;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer({ activityQuietMs: 200, digestAwayMs: 0 });
  [ada, bob, cleo] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Bob'), createUser(server.url, 'Cleo')]);
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
});

/** A socket of `user` (no board joined) collecting what it is told. */
async function inbox(user: TestUser) {
  const socket = await connectSocket(server.url, user);
  sockets.push(socket);
  const added: Notification[] = [];
  const read: Array<{ ids: string[] } | { all: true }> = [];
  socket.on('notification:added', (n) => added.push(n));
  socket.on('notification:read', (p) => read.push(p));
  const watchChanges: Watch[] = [];
  socket.on('watch:changed', (w) => watchChanges.push(w));
  return { socket, added, read, watchChanges };
}

type Column = { id: string; kind: string };
async function board(...members: TestUser[]): Promise<{ boardId: string; columns: Column[] }> {
  const boardId = await createBoard(server.url, ada, 'Notify board');
  for (const m of members) await addMember(server.url, ada, boardId, m, 'editor');
  const { body } = await api<{ columns: Column[] }>(server.url, ada, 'GET', `/api/boards/${boardId}/columns`);
  return { boardId, columns: body.columns };
}

async function newDeal(boardId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, {
    title: 'Amazon → OpenAI',
    ...fields,
  });
  expect(status).toBe(201);
  return body.deal.id;
}

const comment = (user: TestUser, boardId: string, dealId: string, body: string) =>
  api(server.url, user, 'POST', `/api/boards/${boardId}/deals/${dealId}/comments`, { body });
const list = async (user: TestUser, query = '') =>
  (await api<{ notifications: Notification[]; unreadCount: number }>(server.url, user, 'GET', `/api/me/notifications${query}`)).body;

describe('notifications', () => {
  it('A mentions B in a comment: B gets exactly one notification:added (actor, deal, excerpt) and it is in the inbox', async () => {
    const { boardId, columns } = await board(bob);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const a = await inbox(ada);
    expect((await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} can you check the term sheet?`)).status).toBe(201);
    await waitFor(() => b.added.length >= 1, 'the mention');
    // Barrier: a later notification for B; had the comment produced a second one, it would have come first.
    const won = columns.find((c) => c.kind === 'won')!;
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: won.id });
    await waitFor(() => b.added.some((n) => n.kind === 'won'), 'the won notification');
    expect(b.added.map((n) => n.kind)).toEqual(['mention', 'won']);
    expect(b.added[0]).toMatchObject({
      boardId,
      dealId,
      kind: 'mention',
      actor: { id: ada.id, name: 'Ada' },
      read: false,
      boardName: 'Notify board',
      excerpt: '@Bob can you check the term sheet?',
    });
    expect(b.added[0]!.summary).toBe('Ada mentioned you on Amazon → OpenAI');
    expect(a.added).toEqual([]); // never one's own actions
    // (Before them: "Ada made you an editor", from being added to the board.)
    const listed = (await list(bob)).notifications.filter((n) => n.boardId === boardId);
    expect(listed.map((n) => n.kind)).toEqual(['won', 'mention', 'role']);
    expect(listed.slice(0, 2).map((n) => n.id)).toEqual([b.added[1]!.id, b.added[0]!.id]);
    expect((await list(bob)).unreadCount).toBe(3);
    // Mentioned on a deal: B now watches it.
    const watches = (await api<{ watches: Watch[] }>(server.url, bob, 'GET', '/api/me/watches')).body.watches;
    expect(watches).toContainEqual({ boardId, dealId, watching: true });
    expect(b.watchChanges).toContainEqual({ boardId, dealId, watching: true }); // told live, too
  });

  it('a deal made offline with a comment mentioning B (one update for both): B gets exactly one mention', async () => {
    const { boardId, columns } = await board(bob);
    const b = await inbox(bob);
    const doc = connectDoc(server.url, ada, boardId);
    await doc.synced;
    doc.provider.disconnect();
    const created = createDeal(doc.doc, { columnId: columns[0]!.id, title: 'Made offline' }, userOrigin(ada.id));
    const dealId = created.ok ? created.value.dealId : '';
    addComment(doc.doc, { dealId, body: `${mentionToken(bob.id, 'Bob')} have a look` }, userOrigin(ada.id));
    doc.provider.connect();
    await waitFor(() => b.added.some((n) => n.kind === 'mention' && n.dealId === dealId), 'the mention');
    // Barrier: a later notification for B (mentioned, B watches the deal); a second mention would have come first.
    const won = columns.find((c) => c.kind === 'won')!;
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: won.id });
    await waitFor(() => b.added.some((n) => n.kind === 'won' && n.dealId === dealId), 'the won notification');
    expect(b.added.filter((n) => n.dealId === dealId).map((n) => n.kind)).toEqual(['mention', 'won']);
    expect(b.added[0]).toMatchObject({ actor: { id: ada.id }, excerpt: '@Bob have a look' });
    doc.destroy();
  });

  it('a forged mention gets nothing through: client-sent events are ignored, non-members and claimed authors are not believed', async () => {
    const { boardId } = await board(bob);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const c = await inbox(cleo);
    const forger = await inbox(ada);
    // Events a client emits are not the server's: nothing listens to them.
    (forger.socket as unknown as { emit: (name: string, payload: unknown) => void }).emit('notification:added', {
      boardId,
      dealId,
      kind: 'mention',
      summary: 'forged',
    });
    (forger.socket as unknown as { emit: (name: string, payload: unknown) => void }).emit('activity:added', {
      type: 'comment.mentioned',
      boardId,
      data: { userId: bob.id },
    });
    // Mentioning a non-member (Cleo) notifies nobody; a Yjs comment claiming to be Bob's is still Ada's.
    await comment(ada, boardId, dealId, `hey ${mentionToken(cleo.id, 'Cleo')}`);
    const doc = connectDoc(server.url, ada, boardId);
    await doc.synced;
    expect(addComment(doc.doc, { dealId, body: `${mentionToken(bob.id, 'Bob')} look` }, userOrigin(bob.id)).ok).toBe(true);
    await waitFor(() => b.added.length >= 1, 'the real mention');
    // Barrier for Cleo: an event that reaches her elsewhere.
    const other = await createBoard(server.url, ada, 'Other');
    await addMember(server.url, ada, other, cleo, 'viewer');
    await waitFor(() => c.added.some((n) => n.kind === 'role'), "Cleo's role notification");
    expect(c.added.map((n) => n.kind)).toEqual(['role']);
    expect(b.added).toHaveLength(1);
    expect(b.added[0]).toMatchObject({ kind: 'mention', actor: { id: ada.id } });
    doc.destroy();
  });

  it('an edit that adds a mention notifies that person once; editing around it again does not', async () => {
    const { boardId } = await board(bob);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const posted = await comment(ada, boardId, dealId, 'Draft thoughts');
    const commentId = (posted.body as { comment: { id: string } }).comment.id;
    const edit = (body: string) => api(server.url, ada, 'PATCH', `/api/boards/${boardId}/deals/${dealId}/comments/${commentId}`, { body });
    expect((await edit(`Draft thoughts, ${mentionToken(bob.id, 'Bob')}?`)).status).toBe(200);
    await waitFor(() => b.added.length >= 1, 'the mention added by the edit');
    expect(b.added[0]).toMatchObject({ kind: 'mention', dealId, excerpt: 'Draft thoughts, @Bob?' });
    expect((await edit(`Final thoughts, ${mentionToken(bob.id, 'Bob')}?`)).status).toBe(200);
    await comment(ada, boardId, dealId, 'barrier'); // B watches the deal since the mention
    await waitFor(() => b.added.length >= 2, 'the barrier comment');
    expect(b.added.map((n) => n.kind)).toEqual(['mention', 'comment']);
  });

  it('a mention in the notes notifies once, when it first appears', async () => {
    const { boardId } = await board(bob);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const doc = connectDoc(server.url, ada, boardId);
    await doc.synced;
    const notes = dealNotes(doc.doc, dealId)!;
    doc.doc.transact(() => notes.insert(0, `Call ${mentionToken(bob.id, 'Bob')} about the cap table\n`), userOrigin(ada.id));
    await waitFor(() => b.added.length >= 1, 'the notes mention');
    expect(b.added[0]).toMatchObject({
      kind: 'mention',
      dealId,
      actor: { id: ada.id },
      summary: 'Ada mentioned you in the notes of Amazon → OpenAI',
      excerpt: 'Call @Bob about the cap table',
    });
    // More typing around the same mention is not a new mention; a comment (B now watches the deal) is the barrier.
    doc.doc.transact(() => notes.insert(notes.length, 'and the board seats'), userOrigin(ada.id));
    await comment(ada, boardId, dealId, 'barrier');
    await waitFor(() => b.added.length >= 2, 'the comment');
    expect(b.added.map((n) => n.kind)).toEqual(['mention', 'comment']);
    doc.destroy();
  });

  it('watches set on one device apply on another; an unwatch sticks; the owner watches by default', async () => {
    const { boardId, columns } = await board(bob);
    const watched = await newDeal(boardId);
    const owned = await newDeal(boardId, { ownerId: bob.id, title: 'Owned by Bob' });
    // Device 1: the API token. Device 2: the browser session (cookie).
    expect((await api(server.url, bob, 'PUT', `/api/boards/${boardId}/deals/${watched}/watch`)).status).toBe(200);
    const fromBrowser = await fetch(`${server.url}/api/me/watches`, { headers: { Cookie: bob.cookie } });
    expect(((await fromBrowser.json()) as { watches: Watch[] }).watches).toContainEqual({ boardId, dealId: watched, watching: true });
    expect((await api(server.url, bob, 'PUT', `/api/boards/${boardId}/deals/nope/watch`)).status).toBe(404);
    expect((await api(server.url, cleo, 'PUT', `/api/boards/${boardId}/deals/${watched}/watch`)).status).toBe(404);

    const b = await inbox(bob);
    const open = columns.filter((c) => c.kind === 'open');
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${watched}/move`, { columnId: open[1]!.id });
    await waitFor(() => b.added.length >= 1, 'move of the watched deal');
    expect(b.added[0]).toMatchObject({ kind: 'move', dealId: watched, actor: { id: ada.id } });
    await comment(ada, boardId, watched, 'Signed the NDA');
    await waitFor(() => b.added.length >= 2, 'comment on the watched deal');
    expect(b.added[1]).toMatchObject({ kind: 'comment', dealId: watched, excerpt: 'Signed the NDA' });

    // Unwatch from the browser; the next move is silent. The owned deal's move (a barrier) is heard.
    const unwatch = await fetch(`${server.url}/api/boards/${boardId}/deals/${watched}/watch`, {
      method: 'DELETE',
      headers: { Cookie: bob.cookie, Origin: server.origin },
    });
    expect(unwatch.status).toBe(200);
    // Bob's other devices hear of it live.
    await waitFor(() => b.watchChanges.length >= 1, 'watch:changed');
    expect(b.watchChanges).toEqual([{ boardId, dealId: watched, watching: false }]);
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${watched}/move`, { columnId: open[2]!.id });
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${owned}/move`, { columnId: open[1]!.id });
    await waitFor(() => b.added.length >= 3, 'move of the owned deal');
    expect(b.added.map((n) => [n.kind, n.dealId])).toEqual([
      ['move', watched],
      ['comment', watched],
      ['move', owned],
    ]);
  });

  it('watch all deals of a board, assignment, role change and lost', async () => {
    const { boardId, columns } = await board(bob, cleo);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const c = await inbox(cleo);
    expect((await api(server.url, cleo, 'PUT', `/api/boards/${boardId}/watch`)).status).toBe(200);
    await comment(ada, boardId, dealId, 'First look');
    await waitFor(() => c.added.length >= 1, "Cleo's comment notification");
    expect(c.added[0]).toMatchObject({ kind: 'comment', dealId });

    await api(server.url, ada, 'PATCH', `/api/boards/${boardId}/deals/${dealId}`, { ownerId: bob.id });
    await waitFor(() => b.added.length >= 1, 'assignment');
    expect(b.added[0]).toMatchObject({ kind: 'assigned', dealId, summary: 'Ada assigned Amazon → OpenAI to you' });

    await api(server.url, ada, 'PATCH', `/api/boards/${boardId}/members/${bob.id}`, { role: 'viewer' });
    await waitFor(() => b.added.length >= 2, 'role change');
    expect(b.added[1]).toMatchObject({ kind: 'role', summary: 'Ada made you a viewer on this board' });

    const lost = columns.find((col) => col.kind === 'lost')!;
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: lost.id });
    await waitFor(() => b.added.length >= 3 && c.added.length >= 2, 'lost');
    expect(b.added[2]).toMatchObject({ kind: 'lost', dealId });
    expect(c.added[1]).toMatchObject({ kind: 'lost', dealId });

    // A deal created with an owner is assigned from the start.
    const forCleo = await newDeal(boardId, { ownerId: cleo.id, title: 'Meta acquires Manus' });
    await waitFor(() => c.added.length >= 3, 'assignment at creation');
    expect(c.added[2]).toMatchObject({ kind: 'assigned', dealId: forCleo, summary: 'Ada assigned Meta acquires Manus to you' });
  });

  it('read state syncs to every tab and device; settings turn a kind off', async () => {
    const { boardId } = await board(bob);
    const dealId = await newDeal(boardId);
    const tab1 = await inbox(bob);
    const tab2 = await inbox(bob);
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} one`);
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} two`);
    await waitFor(() => tab1.added.length >= 2 && tab2.added.length >= 2, 'two mentions on both tabs');
    const before = (await list(bob)).unreadCount;
    const first = tab1.added[0]!.id;
    const marked = await api<{ read: string[] }>(server.url, bob, 'POST', '/api/me/notifications/read', { ids: [first] });
    expect(marked.body.read).toEqual([first]);
    await waitFor(() => tab1.read.length >= 1 && tab2.read.length >= 1, 'read on both tabs');
    expect(tab2.read[0]).toEqual({ ids: [first] });
    const after = await list(bob);
    expect(after.unreadCount).toBe(before - 1);
    expect(after.notifications.find((n) => n.id === first)!.read).toBe(true);
    expect((await list(bob, '?unread=1')).notifications.some((n) => n.id === first)).toBe(false);
    expect((await api(server.url, bob, 'POST', '/api/me/notifications/read', { ids: [] })).status).toBe(400);
    expect((await api(server.url, bob, 'POST', '/api/me/notifications/read', { all: true })).body).toMatchObject({
      read: expect.arrayContaining([tab1.added[1]!.id]),
    });
    await waitFor(() => tab2.read.length >= 2, 'read all');
    expect(tab2.read[1]).toEqual({ all: true });
    expect((await list(bob)).unreadCount).toBe(0);

    // Mentions off: the next mention is not stored; a comment on the deal (B watches it since the mention) still is.
    const { body } = await api<{ settings: { kinds: Record<string, { notify: boolean; toast: boolean }>; autoWatch: boolean } }>(
      server.url,
      bob,
      'GET',
      '/api/me/notification-settings',
    );
    body.settings.kinds.mention = { notify: false, toast: false };
    expect((await api(server.url, bob, 'PUT', '/api/me/notification-settings', body.settings)).status).toBe(200);
    expect((await api(server.url, bob, 'PUT', '/api/me/notification-settings', { kinds: {} })).status).toBe(400);
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} three`);
    await comment(ada, boardId, dealId, 'four');
    await waitFor(() => tab1.added.length >= 3, 'the comment');
    expect(tab1.added.map((n) => n.kind)).toEqual(['mention', 'mention', 'comment']);
    expect(tab1.added[2]!.excerpt).toBe('four');
    body.settings.kinds.mention = { notify: true, toast: true };
    expect((await api(server.url, bob, 'PUT', '/api/me/notification-settings', body.settings)).status).toBe(200);
  });

  it("a removed member's notifications for that board disappear and no new ones come", async () => {
    const { boardId } = await board(bob);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} before`);
    await waitFor(() => b.added.length >= 1, 'mention');
    expect((await list(bob)).notifications.some((n) => n.boardId === boardId)).toBe(true);
    expect((await api(server.url, ada, 'DELETE', `/api/boards/${boardId}/members/${bob.id}`)).status).toBe(204);
    const listed = await list(bob);
    expect(listed.notifications.some((n) => n.boardId === boardId)).toBe(false);
    expect((await api<{ watches: Watch[] }>(server.url, bob, 'GET', '/api/me/watches')).body.watches.some((w) => w.boardId === boardId)).toBe(false);
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} after`);
    const other = await createBoard(server.url, ada, 'Barrier');
    await addMember(server.url, ada, other, bob, 'viewer');
    await waitFor(() => b.added.some((n) => n.kind === 'role'), 'barrier');
    expect(b.added.map((n) => n.kind)).toEqual(['mention', 'role']);
  });

  it('commenting makes you watch the deal, unless auto-watch is off or you unwatched it', async () => {
    const { boardId, columns } = await board(bob, cleo);
    const dealId = await newDeal(boardId);
    const b = await inbox(bob);
    const c = await inbox(cleo);
    const watchesOf = async (user: TestUser) =>
      (await api<{ watches: Watch[] }>(server.url, user, 'GET', '/api/me/watches')).body.watches.filter((w) => w.boardId === boardId);
    const settings = (await api<{ settings: { kinds: Record<string, unknown>; autoWatch: boolean } }>(server.url, cleo, 'GET', '/api/me/notification-settings'))
      .body.settings;
    expect((await api(server.url, cleo, 'PUT', '/api/me/notification-settings', { ...settings, autoWatch: false })).status).toBe(200);

    expect((await comment(bob, boardId, dealId, 'I can take this one')).status).toBe(201);
    expect((await comment(cleo, boardId, dealId, 'Me too')).status).toBe(201);
    // Mentioned with auto-watch off: told of the mention, not made a watcher.
    expect((await comment(ada, boardId, dealId, `${mentionToken(cleo.id, 'Cleo')} thanks`)).status).toBe(201);
    await waitFor(() => b.watchChanges.length >= 1 && c.added.some((n) => n.kind === 'mention'), "Bob's watch and Cleo's mention");
    expect(b.watchChanges).toEqual([{ boardId, dealId, watching: true }]);
    expect(await watchesOf(bob)).toEqual([{ boardId, dealId, watching: true }]);

    const open = columns.filter((col) => col.kind === 'open');
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: open[1]!.id });
    await waitFor(() => b.added.some((n) => n.kind === 'move'), "Bob's move notification");

    // Bob unwatches; commenting again does not undo that.
    expect((await api(server.url, bob, 'DELETE', `/api/boards/${boardId}/deals/${dealId}/watch`)).status).toBe(200);
    expect((await comment(bob, boardId, dealId, 'Handing it back')).status).toBe(201);
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: open[2]!.id });
    // Barrier: a win reaches every member.
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: columns.find((col) => col.kind === 'won')!.id });
    await waitFor(() => b.added.some((n) => n.kind === 'won') && c.added.some((n) => n.kind === 'won'), 'the win');
    // Cleo's and Ada's comments (Bob watches by then), the first move, the win; not the move after the unwatch.
    // (Being added to the board is told too, in a batch that may reach the inbox after it connected.)
    const told = (inboxOf: typeof b) => inboxOf.added.filter((n) => n.boardId === boardId && n.kind !== 'role').map((n) => n.kind);
    expect(told(b)).toEqual(['comment', 'comment', 'move', 'won']);
    expect(told(c)).toEqual(['mention', 'won']);
    expect(await watchesOf(bob)).toEqual([{ boardId, dealId, watching: false }]);
    expect(await watchesOf(cleo)).toEqual([]);
    expect((await api(server.url, cleo, 'PUT', '/api/me/notification-settings', settings)).status).toBe(200);
  });

  it('a deal created straight into Won or Lost tells every member, like a move there', async () => {
    const { boardId, columns } = await board(bob, cleo);
    const b = await inbox(bob);
    const c = await inbox(cleo);
    const won = columns.find((col) => col.kind === 'won')!;
    const lost = columns.find((col) => col.kind === 'lost')!;
    const wonId = await newDeal(boardId, { title: 'Meta acquires Manus', columnId: won.id });
    // Cleo owns the lost one: she hears of it as assigned to her (one notification per event).
    const lostId = await newDeal(boardId, { title: 'Nvidia walks away', columnId: lost.id, ownerId: cleo.id });
    await waitFor(() => b.added.length >= 2 && c.added.length >= 2, 'both deals');
    expect(b.added.map((n) => [n.kind, n.dealId])).toEqual([
      ['won', wonId],
      ['lost', lostId],
    ]);
    expect(c.added.map((n) => [n.kind, n.dealId])).toEqual([
      ['won', wonId],
      ['assigned', lostId],
    ]);
  });

  it('the digest counts what others did per board and picks out wins, losses, repricing and mentions', async () => {
    const { boardId, columns } = await board(bob);
    expect((await api(server.url, bob, 'GET', '/api/me/digest')).status).toBe(200); // first look
    const dealId = await newDeal(boardId, { amount: 1_000_000 });
    await api(server.url, ada, 'PATCH', `/api/boards/${boardId}/deals/${dealId}`, { amount: 2_000_000 });
    await comment(ada, boardId, dealId, `${mentionToken(bob.id, 'Bob')} repriced`);
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/move`, { columnId: columns.find((c) => c.kind === 'won')!.id });
    await newDeal(boardId, { title: 'Lost from the start', columnId: columns.find((c) => c.kind === 'lost')!.id });
    const { body } = await api<{ digest: { boards: Array<{ boardId: string; changes: number; highlights: Array<{ type: string }> }> } | null }>(
      server.url,
      bob,
      'GET',
      '/api/me/digest',
    );
    const entry = body.digest!.boards.find((x) => x.boardId === boardId)!;
    expect(entry.changes).toBeGreaterThanOrEqual(5);
    expect(entry.highlights.map((h) => h.type).sort()).toEqual(['comment.mentioned', 'deal.created', 'deal.moved', 'deal.updated']);
  });
});
