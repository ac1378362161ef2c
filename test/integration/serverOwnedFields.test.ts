/**
 * The server owns time and identity (docs/API.md, "The board document"): an outside
 * y-websocket client writing only what a script would set gets a valid deal everywhere;
 * a client with a wrong clock cannot set timestamps; comment ownership holds over Yjs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, createDeal, laneTotals, moveDeal, readBoardInfo, readDeals, selectColumns, selectLanes, userOrigin } from '../../shared/src/board';
import { DEAL_COMMENTS, dealsMap } from '../../shared/src/board/schema';
import type { Deal } from '../../shared/src/board/schema';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestUser } from '../helpers/clients';

let server: StartedServer;
let ada: TestUser;
let bob: TestUser;
const open: DocClient[] = [];

function connect(user: TestUser, boardId: string): DocClient {
  const client = connectDoc(server.url, user, boardId);
  open.push(client);
  return client;
}

function validDeal(doc: Y.Doc, dealId: string): Deal | null {
  const deal = readDeals(doc).find((d) => d.id === dealId);
  return deal && !deal.invalid ? deal : null;
}

beforeAll(async () => {
  server = await startServer();
  [ada, bob] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Bob')]);
});

afterAll(async () => {
  for (const client of open) client.destroy();
  await server?.close();
});

const SECOND = 1_000;
const within = (iso: string, from: number, to: number) => Date.parse(iso) >= from - SECOND && Date.parse(iso) <= to + SECOND;

describe('an outside client writes only what a script would set', () => {
  it('gets a valid deal in another client, the totals and both exports, with server timestamps', async () => {
    const boardId = await createBoard(server.url, ada, 'Outside');
    const script = connect(ada, boardId);
    const other = connect(ada, boardId);
    await Promise.all([script.synced, other.synced]);
    const columnId = selectColumns(script.doc).columns[0]!.id;
    const before = Date.now();
    // The fields of the script, written as raw Yjs (no shared mutations), with a forged createdAt.
    script.doc.transact(() => {
      const deal = new Y.Map<unknown>();
      dealsMap(script.doc).set('script-deal', deal);
      deal.set('title', 'Amazon → OpenAI');
      deal.set('kind', 'investment');
      deal.set('acquirer', 'Amazon');
      deal.set('target', 'OpenAI');
      deal.set('amount', 50_000_000_000);
      deal.set('amountQualifier', 'up_to');
      deal.set('currency', 'USD');
      deal.set('columnId', columnId);
      deal.set('rank', 'a0');
      deal.set('archived', false);
      deal.set('tags', Y.Array.from(['ai']));
      deal.set('links', Y.Array.from(['https://example.com/news']));
      deal.set('notes', new Y.Text('from the feed'));
      deal.set('comments', new Y.Map());
      deal.set('createdAt', '2001-01-01T00:00:00.000Z');
    });
    await waitFor(() => validDeal(other.doc, 'script-deal')?.createdBy === ada.id, 'the deal, stamped, in the other client');
    const after = Date.now();
    const seen = validDeal(other.doc, 'script-deal')!;
    expect(within(seen.createdAt, before, after)).toBe(true);
    expect(within(seen.updatedAt, before, after)).toBe(true);
    expect(within(seen.stageEnteredAt, before, after)).toBe(true);
    expect(seen.updatedBy).toBe(ada.id);
    await waitFor(() => validDeal(script.doc, 'script-deal')?.createdAt === seen.createdAt, 'the sender corrected too');

    const lane = selectLanes(other.doc).find((l) => l.column?.id === columnId)!;
    expect(lane.deals.map((d) => d.id)).toContain('script-deal');
    expect(laneTotals(lane, readBoardInfo(other.doc).currency).sum).toBe(50_000_000_000);

    const json = await api<{ deals: Array<{ id: string; createdAt: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`);
    expect(json.body.deals.find((d) => d.id === 'script-deal')?.createdAt).toBe(seen.createdAt);
    const csv = await api<string>(server.url, ada, 'GET', `/api/boards/${boardId}/export.csv`);
    expect(csv.body).toContain('script-deal');
  });

  it('reads a deal with only title, columnId and rank as valid once the server has seen it', async () => {
    const boardId = await createBoard(server.url, ada, 'Minimal');
    const script = connect(ada, boardId);
    const other = connect(ada, boardId);
    await Promise.all([script.synced, other.synced]);
    const columnId = selectColumns(script.doc).columns[0]!.id;
    script.doc.transact(() => {
      const deal = new Y.Map<unknown>();
      dealsMap(script.doc).set('bare', deal);
      deal.set('title', 'Bare');
      deal.set('columnId', columnId);
      deal.set('rank', 'a0');
    });
    // Readable at once in the sender's copy, before the server's stamps arrive.
    expect(validDeal(script.doc, 'bare')?.kind).toBe('other');
    await waitFor(() => validDeal(other.doc, 'bare')?.createdBy === ada.id, 'the bare deal in the other client');
    const deal = validDeal(other.doc, 'bare')!;
    expect(deal).toMatchObject({ currency: 'USD', amount: null, tags: [], comments: [], notes: '', archived: false });
    expect(Date.now() - Date.parse(deal.createdAt)).toBeLessThan(60 * SECOND);
  });
});

describe('a client clock three days off', () => {
  it('cannot set createdAt, updatedAt or stageEnteredAt', async () => {
    const boardId = await createBoard(server.url, ada, 'Clock');
    const skewed = connect(ada, boardId);
    const other = connect(ada, boardId);
    await Promise.all([skewed.synced, other.synced]);
    const [first, second] = selectColumns(skewed.doc).columns;
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * SECOND);
    const created = createDeal(skewed.doc, { columnId: first!.id, title: 'Skewed' }, userOrigin(ada.id), { now: threeDaysAgo });
    if (!created.ok) throw new Error(created.error.message);
    const { dealId } = created.value;
    await waitFor(() => validDeal(other.doc, dealId) !== null, 'the deal in the other client');
    await waitFor(() => Date.now() - Date.parse(validDeal(skewed.doc, dealId)!.createdAt) < 60 * SECOND, 'createdAt corrected');
    const movedAt = Date.now();
    expect(moveDeal(skewed.doc, { dealId, toColumnId: second!.id }, userOrigin(ada.id), { now: threeDaysAgo }).ok).toBe(true);
    await waitFor(() => validDeal(other.doc, dealId)?.columnId === second!.id, 'the move in the other client');
    await waitFor(() => Date.parse(validDeal(other.doc, dealId)!.stageEnteredAt) >= movedAt - SECOND, 'stageEnteredAt from the server clock');
    const deal = validDeal(other.doc, dealId)!;
    expect(within(deal.stageEnteredAt, movedAt, Date.now())).toBe(true);
    expect(within(deal.updatedAt, movedAt, Date.now())).toBe(true);
    // Writing stageEnteredAt alone (no move) is put back.
    const entered = deal.stageEnteredAt;
    skewed.doc.transact(() => dealsMap(skewed.doc).get(dealId)!.set('stageEnteredAt', threeDaysAgo.toISOString()));
    await waitFor(() => validDeal(skewed.doc, dealId)?.stageEnteredAt === entered, 'stageEnteredAt put back on the sender');
    expect(validDeal(other.doc, dealId)?.stageEnteredAt).toBe(entered);
  });
});

describe('comment ownership over Yjs', () => {
  it("puts back an edit or deletion of someone else's comment, and lets the owner delete it", async () => {
    const boardId = await createBoard(server.url, ada, 'Comments');
    await addMember(server.url, ada, boardId, bob, 'editor');
    const a = connect(ada, boardId);
    const b = connect(bob, boardId);
    await Promise.all([a.synced, b.synced]);
    const columnId = selectColumns(a.doc).columns[0]!.id;
    const created = createDeal(a.doc, { columnId, title: 'Commented' }, userOrigin(ada.id));
    if (!created.ok) throw new Error(created.error.message);
    const { dealId } = created.value;
    const comment = addComment(a.doc, { dealId, body: 'Ada says so' }, userOrigin(ada.id));
    if (!comment.ok) throw new Error(comment.error.message);
    const { commentId } = comment.value;
    const commentOf = (doc: Y.Doc) => validDeal(doc, dealId)?.comments.find((c) => c.id === commentId);
    await waitFor(() => commentOf(b.doc)?.authorId === ada.id, "Ada's comment at Bob's");
    const rawComment = (doc: Y.Doc) => (dealsMap(doc).get(dealId)!.get(DEAL_COMMENTS) as Y.Map<Y.Map<unknown>>).get(commentId)!;

    // Bob rewrites Ada's comment: put back, on his copy and hers.
    b.doc.transact(() => rawComment(b.doc).set('body', 'Bob was here'));
    await waitFor(() => commentOf(b.doc)?.body === 'Ada says so', "Bob's edit put back on his copy");
    expect(commentOf(a.doc)?.body).toBe('Ada says so');

    // Bob soft-deletes it (the mutation refuses, so raw): put back.
    b.doc.transact(() => {
      rawComment(b.doc).set('deleted', true);
      rawComment(b.doc).set('body', '');
    });
    await waitFor(() => commentOf(b.doc)?.deleted === false && commentOf(b.doc)?.body === 'Ada says so', "Bob's deletion put back");

    // Bob removes it outright: it comes back.
    b.doc.transact(() => (dealsMap(b.doc).get(dealId)!.get(DEAL_COMMENTS) as Y.Map<unknown>).delete(commentId));
    await waitFor(() => commentOf(b.doc)?.body === 'Ada says so', 'the removed comment restored on his copy');
    await waitFor(() => commentOf(a.doc)?.body === 'Ada says so', 'and on hers');

    // Bob's own comment: the owner (Ada) may delete it, over Yjs.
    const bobs = addComment(b.doc, { dealId, body: 'Bob thinks' }, userOrigin(bob.id));
    if (!bobs.ok) throw new Error(bobs.error.message);
    const bobsOf = (doc: Y.Doc) => validDeal(doc, dealId)?.comments.find((c) => c.id === bobs.value.commentId);
    await waitFor(() => bobsOf(a.doc)?.authorId === bob.id, "Bob's comment at Ada's");
    const bobsRaw = () => (dealsMap(a.doc).get(dealId)!.get(DEAL_COMMENTS) as Y.Map<Y.Map<unknown>>).get(bobs.value.commentId)!;
    a.doc.transact(() => bobsRaw().set('body', 'Ada rewrote this'));
    await waitFor(() => bobsOf(a.doc)?.body === 'Bob thinks', "the owner's rewrite put back");
    a.doc.transact(() => {
      bobsRaw().set('deleted', true);
      bobsRaw().set('body', '');
    });
    await waitFor(() => bobsOf(b.doc)?.deleted === true, "the owner's deletion reached Bob");
    expect(bobsOf(a.doc)?.deleted).toBe(true);
    await waitFor(() => {
      const c = commentOf(a.doc);
      return c !== undefined && Date.parse(c.createdAt) > Date.now() - 60 * SECOND;
    }, 'comment createdAt from the server clock');
  });
});
