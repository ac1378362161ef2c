/**
 * The REST deals and columns API against a real server: every route, its roles (viewer
 * 403, non-member 404), 400s naming the field, Idempotency-Key, and that REST writes
 * reach an open y-websocket client at once with the same activity as the UI's edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../shared/src/events';
import { readDeals, selectColumns } from '../../shared/src/board';
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

interface DealBody {
  id: string;
  title: string;
  columnId: string;
  rank: string;
  stage: string | null;
  amount: number | null;
  tags: string[];
  archived: boolean;
  createdBy: string;
  updatedAt: string;
  notes: string;
  comments: Array<{ id: string; body: string; authorId: string }>;
}
interface ColumnBody {
  id: string;
  name: string;
  kind: string;
  rank: string;
}

let server: StartedServer;
let ada: TestUser;
let vera: TestUser;
let eve: TestUser;
let boardId: string;
let columns: ColumnBody[];
const open: DocClient[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  [ada, vera, eve] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Vera'), createUser(server.url, 'Eve')]);
  boardId = await createBoard(server.url, ada, 'REST board');
  await addMember(server.url, ada, boardId, vera, 'viewer');
  columns = (await api<{ columns: ColumnBody[] }>(server.url, ada, 'GET', `/api/boards/${boardId}/columns`)).body.columns;
});

afterAll(async () => {
  for (const client of open) client.destroy();
  for (const socket of sockets) socket.disconnect();
  await server?.close();
});

const path = (rest = '') => `/api/boards/${boardId}${rest}`;

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { deal: DealBody } }> {
  const response = await fetch(`${server.url}${path('/deals')}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ada.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { deal: DealBody } };
}

describe('deals over REST', () => {
  it('creates a deal in the first open column, seen at once by an open client, with the UI activity', async () => {
    const live = connectDoc(server.url, ada, boardId);
    open.push(live);
    await live.synced;
    const socket = await connectSocket(server.url, ada);
    sockets.push(socket);
    const events: ActivityEvent[] = [];
    socket.on('activity:added', (event) => events.push(event));
    await new Promise<void>((resolve) => socket.emit('board:join', { boardId }, () => resolve()));

    const created = await post({ title: 'Amazon → OpenAI', amount: 50_000_000_000, amountQualifier: 'up_to', tags: ['ai'] });
    expect(created.status).toBe(201);
    const deal = created.body.deal;
    expect(deal).toMatchObject({ title: 'Amazon → OpenAI', columnId: columns[0]!.id, stage: columns[0]!.name, createdBy: ada.id, archived: false });
    await waitFor(() => readDeals(live.doc).some((d) => d.id === deal.id && !d.invalid), 'the REST deal in the live client');
    await waitFor(() => events.some((e) => e.type === 'deal.created' && e.dealId === deal.id), 'deal.created');
    // The REST write's origin carries the caller's name: the entry reads as theirs, not the system's.
    const entry = events.find((e) => e.type === 'deal.created' && e.dealId === deal.id)!;
    expect(entry.actor).toEqual({ id: ada.id, name: ada.name });
    expect(entry.summary.startsWith(`${ada.name} `)).toBe(true);
  });

  it('answers a retried POST with the same Idempotency-Key with the first deal', async () => {
    const first = await post({ title: 'Once' }, { 'Idempotency-Key': 'retry-1' });
    const [second, third] = await Promise.all([
      post({ title: 'Once' }, { 'Idempotency-Key': 'retry-1' }),
      post({ title: 'Once' }, { 'Idempotency-Key': 'retry-1' }),
    ]);
    expect(first.status).toBe(201);
    expect(second.body.deal.id).toBe(first.body.deal.id);
    expect(third.body.deal.id).toBe(first.body.deal.id);
    const other = await post({ title: 'Once' }, { 'Idempotency-Key': 'retry-2' });
    expect(other.body.deal.id).not.toBe(first.body.deal.id);
    const list = await api<{ deals: DealBody[] }>(server.url, ada, 'GET', path('/deals?q=once'));
    expect(list.body.deals).toHaveLength(2);
  });

  it('lists with filters, reads one, patches only the given fields, moves, comments, archives and deletes', async () => {
    const created = (await post({ title: 'Filter me', tags: ['Cloud'], notes: 'keep', columnId: columns[1]!.id })).body.deal;
    const byColumn = await api<{ deals: DealBody[]; columns: ColumnBody[] }>(server.url, vera, 'GET', path(`/deals?columnId=${columns[1]!.id}`));
    expect(byColumn.status).toBe(200);
    expect(byColumn.body.deals.map((d) => d.id)).toEqual([created.id]);
    expect(byColumn.body.columns.length).toBe(columns.length);
    expect((await api<{ deals: DealBody[] }>(server.url, vera, 'GET', path('/deals?tag=cloud'))).body.deals.map((d) => d.id)).toEqual([created.id]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await api<{ deals: DealBody[] }>(server.url, vera, 'GET', path(`/deals?updatedSince=${later}`))).body.deals).toEqual([]);

    const one = await api<{ deal: DealBody }>(server.url, vera, 'GET', path(`/deals/${created.id}`));
    expect(one.body.deal.title).toBe('Filter me');

    const patched = await api<{ deal: DealBody }>(server.url, ada, 'PATCH', path(`/deals/${created.id}`), { amount: 8_000_000_000 });
    expect(patched.status).toBe(200);
    expect(patched.body.deal).toMatchObject({ amount: 8_000_000_000, title: 'Filter me', notes: 'keep', tags: ['Cloud'] });

    const moved = await api<{ deal: DealBody }>(server.url, ada, 'POST', path(`/deals/${created.id}/move`), { columnId: columns[2]!.id });
    expect(moved.status).toBe(200);
    expect(moved.body.deal.columnId).toBe(columns[2]!.id);
    const before = (await post({ title: 'Goes first', columnId: columns[2]!.id, beforeId: created.id })).body.deal;
    expect(before.rank < moved.body.deal.rank).toBe(true);

    const comment = await api<{ comment: { id: string; body: string; authorId: string } }>(server.url, ada, 'POST', path(`/deals/${created.id}/comments`), {
      body: 'Looks good',
    });
    expect(comment.status).toBe(201);
    expect(comment.body.comment).toMatchObject({ body: 'Looks good', authorId: ada.id });

    const archived = await api<{ deal: DealBody }>(server.url, ada, 'DELETE', path(`/deals/${created.id}`));
    expect(archived.body.deal.archived).toBe(true);
    expect((await api<{ deals: DealBody[] }>(server.url, ada, 'GET', path('/deals?archived=true'))).body.deals.map((d) => d.id)).toEqual([created.id]);
    const restored = await api<{ deal: DealBody }>(server.url, ada, 'PATCH', path(`/deals/${created.id}`), { archived: false });
    expect(restored.body.deal.archived).toBe(false);

    expect((await api(server.url, ada, 'DELETE', path(`/deals/${created.id}?hard=1`))).status).toBe(204);
    expect((await api(server.url, ada, 'GET', path(`/deals/${created.id}`))).status).toBe(404);
  });

  it('refuses bad input naming the field, viewers with 403, non-members and unknown deals with 404', async () => {
    const bad = await post({ title: 'x', amount: -5 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('amount');
    const unknownField = await post({ title: 'x', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toContain('colour');
    const badColumn = await post({ title: 'x', columnId: 'nope' });
    expect(badColumn.status).toBe(400);
    expect(JSON.stringify(badColumn.body)).toContain('columnId');
    const deal = (await post({ title: 'Guarded' })).body.deal;
    const badMove = await api(server.url, ada, 'POST', path(`/deals/${deal.id}/move`), { columnId: columns[0]!.id, afterId: 'ghost' });
    expect(badMove.status).toBe(400);
    expect(JSON.stringify(badMove.body)).toContain('afterId');

    expect((await api(server.url, vera, 'POST', path('/deals'), { title: 'Viewer' })).status).toBe(403);
    expect((await api(server.url, vera, 'PATCH', path(`/deals/${deal.id}`), { title: 'Viewer' })).status).toBe(403);
    expect((await api(server.url, vera, 'POST', path(`/deals/${deal.id}/comments`), { body: 'hi' })).status).toBe(403);
    expect((await api(server.url, eve, 'GET', path('/deals'))).status).toBe(404);
    expect((await api(server.url, eve, 'GET', path(`/deals/${deal.id}`))).status).toBe(404);
    expect((await api(server.url, null, 'GET', path('/deals'))).status).toBe(401);
    expect((await api(server.url, ada, 'PATCH', path('/deals/ghost'), { title: 'x' })).status).toBe(404);

    const editor = await createUser(server.url, 'Ed');
    await addMember(server.url, ada, boardId, editor, 'editor');
    expect((await api(server.url, editor, 'DELETE', path(`/deals/${deal.id}?hard=1`))).status).toBe(403);
    expect((await api(server.url, editor, 'DELETE', path(`/deals/${deal.id}`))).status).toBe(200);
  });

  it('keeps a concurrent live edit of another field when PATCHing', async () => {
    const live = connectDoc(server.url, ada, boardId);
    open.push(live);
    await live.synced;
    const deal = (await post({ title: 'Merge', notes: 'start' })).body.deal;
    await waitFor(() => readDeals(live.doc).some((d) => d.id === deal.id), 'deal live');
    const { updateDeal, userOrigin } = await import('../../shared/src/board');
    updateDeal(live.doc, { dealId: deal.id, patch: { target: 'Anthropic' } }, userOrigin(ada.id));
    const patched = await api<{ deal: DealBody }>(server.url, ada, 'PATCH', path(`/deals/${deal.id}`), { amount: 4_000_000_000 });
    expect(patched.body.deal.amount).toBe(4_000_000_000);
    await waitFor(() => {
      const seen = readDeals(live.doc).find((d) => d.id === deal.id);
      return !!seen && !seen.invalid && seen.amount === 4_000_000_000 && seen.target === 'Anthropic';
    }, 'both edits kept');
  });
});

describe('columns over REST', () => {
  it('adds, reads, changes, moves and deletes a column; viewers 403', async () => {
    const added = await api<{ column: ColumnBody }>(server.url, ada, 'POST', path('/columns'), { name: 'Due diligence', afterId: columns[0]!.id });
    expect(added.status).toBe(201);
    const id = added.body.column.id;
    const live = connectDoc(server.url, ada, boardId);
    open.push(live);
    await live.synced;
    expect(selectColumns(live.doc).columns.map((c) => c.id)[1]).toBe(id);
    expect((await api<{ column: ColumnBody }>(server.url, vera, 'GET', path(`/columns/${id}`))).body.column.name).toBe('Due diligence');
    const changed = await api<{ column: ColumnBody }>(server.url, ada, 'PATCH', path(`/columns/${id}`), { name: 'DD', kind: 'won', beforeId: columns[0]!.id });
    expect(changed.body.column).toMatchObject({ name: 'DD', kind: 'won' });
    await waitFor(() => selectColumns(live.doc).columns[0]?.id === id, 'the move reached the live client');
    const badPatch = await api(server.url, ada, 'PATCH', path(`/columns/${id}`), { probability: 140 });
    expect(badPatch.status).toBe(400);
    expect(JSON.stringify(badPatch.body)).toContain('probability');
    expect((await api(server.url, vera, 'POST', path('/columns'), { name: 'Nope' })).status).toBe(403);
    expect((await api(server.url, eve, 'GET', path('/columns'))).status).toBe(404);
    const deal = (await post({ title: 'In DD', columnId: id })).body.deal;
    const refused = await api(server.url, ada, 'DELETE', path(`/columns/${id}`));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('moveDealsTo');
    expect((await api(server.url, ada, 'DELETE', path(`/columns/${id}?moveDealsTo=${columns[0]!.id}`))).status).toBe(204);
    expect((await api<{ deal: DealBody }>(server.url, ada, 'GET', path(`/deals/${deal.id}`))).body.deal.columnId).toBe(columns[0]!.id);
    expect((await api(server.url, ada, 'GET', path(`/columns/${id}`))).status).toBe(404);
  });
});

describe('comments over REST', () => {
  it('lets only the author edit, and the author or an owner delete', async () => {
    const bea = await createUser(server.url, 'Bea');
    await addMember(server.url, ada, boardId, bea, 'editor');
    const deal = (await post({ title: 'Discussed' })).body.deal;
    const comments = path(`/deals/${deal.id}/comments`);
    const beas = (await api<{ comment: { id: string } }>(server.url, bea, 'POST', comments, { body: 'Bea thinks so' })).body.comment;
    const adas = (await api<{ comment: { id: string } }>(server.url, ada, 'POST', comments, { body: 'Ada agrees' })).body.comment;

    const edited = await api<{ comment: { body: string; editedAt: string | null } }>(server.url, bea, 'PATCH', `${comments}/${beas.id}`, {
      body: 'Bea is sure',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.comment.body).toBe('Bea is sure');
    expect(edited.body.comment.editedAt).not.toBeNull();
    // The owner may not rewrite Bea's comment, Bea may not delete Ada's.
    expect((await api(server.url, ada, 'PATCH', `${comments}/${beas.id}`, { body: 'Ada rewrote it' })).status).toBe(403);
    expect((await api(server.url, bea, 'DELETE', `${comments}/${adas.id}`)).status).toBe(403);
    expect((await api(server.url, vera, 'DELETE', `${comments}/${adas.id}`)).status).toBe(403);
    expect((await api(server.url, bea, 'PATCH', `${comments}/${beas.id}`, { body: '' })).status).toBe(400);
    expect((await api(server.url, bea, 'PATCH', `${comments}/ghost`, { body: 'x' })).status).toBe(404);
    // The owner may delete it; so may the author her own.
    expect((await api(server.url, ada, 'DELETE', `${comments}/${beas.id}`)).status).toBe(204);
    expect((await api(server.url, ada, 'DELETE', `${comments}/${adas.id}`)).status).toBe(204);
    const after = await api<{ deal: DealBody }>(server.url, ada, 'GET', path(`/deals/${deal.id}`));
    expect(after.body.deal.comments).toEqual([]);
  });
});
