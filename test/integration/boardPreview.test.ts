/**
 * `GET /api/boards/:id/preview` (issue 18: a 10,000-deal board shown in under 1.5 s): what a
 * board page paints before its document has synced. Its numbers are the board's: every
 * stage's count and totals over all of its live deals (not only the cards sent), its first
 * cards in the board's order, owners named; members only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, archiveDeal, createDeal, deleteComment, readDeals, selectColumns, selectLanes, setPartOf, userOrigin } from '../../shared/src/board';
import { PREVIEW_CARDS_PER_LANE, type BoardPreview } from '../../shared/src/board/preview';
import { boardPreviewView } from '../../server/src/http/apiSchemas';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';

describe('board preview', () => {
  let server: StartedServer;
  let ada: TestUser;
  let vic: TestUser;
  let mallory: TestUser;

  beforeAll(async () => {
    server = await startServer();
    ada = await createUser(server.url, 'Ada');
    vic = await createUser(server.url, 'Vic');
    mallory = await createUser(server.url, 'Mallory');
  });
  afterAll(async () => server?.close());

  it('gives every stage its count and totals over all its live deals, and its first cards in order', async () => {
    const boardId = await createBoard(server.url, ada, 'Previewed');
    await addMember(server.url, ada, boardId, vic, 'viewer');
    const client = connectDoc(server.url, ada, boardId);
    try {
      await client.synced;
      const [lead, second] = selectColumns(client.doc).columns;
      const origin = userOrigin(ada.id);
      // 30 USD deals in the first stage (more than the preview's cards), 1 in EUR, 1 archived.
      for (let i = 0; i < 30; i++)
        createDeal(
          client.doc,
          { columnId: lead!.id, title: `Deal ${i}`, amount: 1_000_000 * (i + 1), currency: 'USD', probability: 50, ownerId: ada.id },
          origin,
        );
      createDeal(client.doc, { columnId: lead!.id, title: 'In euros', amount: 2_000_000, currency: 'EUR' }, origin);
      const archived = createDeal(client.doc, { columnId: second!.id, title: 'Archived', amount: 9_000_000, currency: 'USD' }, origin);
      if (!archived.ok) throw new Error('archived deal not created');
      archiveDeal(client.doc, { dealId: archived.value.dealId }, origin);
      const only = createDeal(client.doc, { columnId: second!.id, title: 'Only one', amount: 5_000_000, currency: 'USD', probability: 20 }, origin);
      if (!only.ok) throw new Error('deal not created');
      addComment(client.doc, { dealId: only.value.dealId, body: 'Kept' }, origin);
      const gone = addComment(client.doc, { dealId: only.value.dealId, body: 'Deleted' }, origin);
      if (!gone.ok) throw new Error('comment not added');
      deleteComment(client.doc, { dealId: only.value.dealId, commentId: gone.value.commentId }, origin);
      // Everything the client wrote is in the room once a REST read sees all of it.
      await expect.poll(async () => (await api<{ dealCount: number }>(server.url, ada, 'GET', `/api/boards/${boardId}`)).body.dealCount).toBe(32);

      const answer = await api<BoardPreview>(server.url, vic, 'GET', `/api/boards/${boardId}/preview`);
      expect(answer.status).toBe(200);
      const preview = answer.body;
      // As documented (GET /api/openapi.json).
      expect(boardPreviewView.safeParse(preview).error).toBeUndefined();
      expect(preview.name).toBe('Previewed');
      expect(preview.currency).toBe('USD');
      expect(preview.lanes.map((lane) => lane.column?.name)).toEqual(selectColumns(client.doc).columns.map((c) => c.name));

      const first = preview.lanes[0]!;
      expect(first.totals.count).toBe(31);
      expect(first.totals.sum).toBe((1_000_000 * 30 * 31) / 2);
      expect(first.totals.weighted).toBe((1_000_000 * 30 * 31) / 2 / 2);
      // The euro deal has no probability of its own: its stage's default weighs it.
      const stageProbability = lead!.probability ?? 0;
      expect(first.totals.otherCurrencies).toEqual({ EUR: { count: 1, sum: 2_000_000, weighted: (2_000_000 * stageProbability) / 100 } });
      expect(first.deals).toHaveLength(PREVIEW_CARDS_PER_LANE);
      // The board's own order (the lanes a synced client reads), cut to the first cards.
      const boardOrder = selectLanes(client.doc)[0]!.deals.map((d) => d.id);
      expect(first.deals.map((d) => d.id)).toEqual(boardOrder.slice(0, PREVIEW_CARDS_PER_LANE));
      expect(preview.owners).toEqual({ [ada.id]: 'Ada' });
      // A card's fields only: no notes, the live comments counted (one added, one deleted).
      expect(first.deals[0]).not.toHaveProperty('notes');
      expect(first.deals[0]).not.toHaveProperty('comments');
      const commented = preview.lanes[1]!.deals[0]!;
      expect(commented.commentCount).toBe(1);

      const other = preview.lanes[1]!;
      expect(other.totals).toMatchObject({ count: 1, sum: 5_000_000, weighted: 1_000_000 });
      expect(other.deals.map((d) => d.title)).toEqual(['Only one']);
      expect(preview.lanes.flatMap((lane) => lane.deals).some((d) => d.archived)).toBe(false);
      expect(readDeals(client.doc)).toHaveLength(33); // the archived one is still on the board
    } finally {
      client.destroy();
    }
  });

  it("gives the shown cards' round lines, as the cards word them", async () => {
    const boardId = await createBoard(server.url, ada, 'Rounds');
    const client = connectDoc(server.url, ada, boardId);
    try {
      await client.synced;
      const stage = selectColumns(client.doc).columns[0]!.id;
      const origin = userOrigin(ada.id);
      const round = createDeal(client.doc, { columnId: stage, title: 'OpenAI funding round', amount: 100e9, currency: 'USD' }, origin);
      const part = createDeal(client.doc, { columnId: stage, title: 'Amazon tranche', acquirer: 'Amazon', amount: 50e9, currency: 'USD' }, origin);
      if (!round.ok || !part.ok) throw new Error('deals not created');
      expect(setPartOf(client.doc, { dealId: part.value.dealId, partOf: round.value.dealId }, origin).ok).toBe(true);
      createDeal(client.doc, { columnId: stage, title: 'On its own' }, origin);
      await expect.poll(async () => (await api<{ dealCount: number }>(server.url, ada, 'GET', `/api/boards/${boardId}`)).body.dealCount).toBe(3);
      // The part is the round's (its own edit may still be on its way when the count is right).
      await expect
        .poll(async () => (await api<BoardPreview>(server.url, ada, 'GET', `/api/boards/${boardId}/preview`)).body.roundLines)
        .toEqual({ [round.value.dealId]: '1 part: Amazon', [part.value.dealId]: 'Part of OpenAI funding round' });
      const preview = (await api<BoardPreview>(server.url, ada, 'GET', `/api/boards/${boardId}/preview`)).body;
      // The round counts once: the part adds nothing inside its round's stage.
      expect(preview.lanes[0]!.totals).toMatchObject({ count: 3, sum: 100e9 });
      expect(preview.lanes[0]!.insideRounds).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it('is for members only', async () => {
    const boardId = await createBoard(server.url, ada, 'Private');
    expect((await api(server.url, mallory, 'GET', `/api/boards/${boardId}/preview`)).status).toBe(404);
    const signedOut = await fetch(`${server.url}/api/boards/${boardId}/preview`);
    expect(signedOut.status).toBe(401);
  });
});
