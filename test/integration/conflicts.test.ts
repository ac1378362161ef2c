/**
 * Conflicts you can see: when an update overwrites a deal field value its author had not seen
 * (two people set it at once, or an offline edit meets a newer online one), the server records
 * one `deal.conflict` naming both people, both values and which was kept. A write made after
 * seeing the other's value is no conflict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, connectSocket, createBoard, createUser, waitFor, type DocClient, type TestSocket, type TestUser } from '../helpers/clients';
import type { ActivityEvent } from '../../shared/src/events';
import { createDeal, readDealById, selectColumns, updateDeal, userOrigin } from '../../shared/src/board';

describe('deal.conflict', () => {
  let server: StartedServer;
  let ada: TestUser;
  let bob: TestUser;
  let boardId: string;
  let a: DocClient;
  let b: DocClient;
  let watcher: TestSocket;
  const events: ActivityEvent[] = [];

  beforeAll(async () => {
    server = await startServer();
    ada = await createUser(server.url, 'Ada');
    bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    watcher = await connectSocket(server.url, ada);
    watcher.on('activity:added', (event) => events.push(event));
    expect(await watcher.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
    a = connectDoc(server.url, ada, boardId);
    b = connectDoc(server.url, bob, boardId);
    await Promise.all([a.synced, b.synced]);
  });

  afterAll(async () => {
    watcher?.disconnect();
    a?.destroy();
    b?.destroy();
    await server?.close();
  });

  function newDeal(title: string): string {
    const created = createDeal(a.doc, { columnId: selectColumns(a.doc).columns[0]!.id, title, amount: 100_000_000_000 }, userOrigin(ada.id));
    if (!created.ok) throw new Error(created.error.message);
    return created.value.dealId;
  }

  const amountIn = (client: DocClient, dealId: string) => {
    const deal = readDealById(client.doc, dealId);
    return deal && !deal.invalid ? deal.amount : undefined;
  };

  it('records both people, both values and which was kept when an offline edit meets a newer online one', async () => {
    const dealId = newDeal('Amazon to invest in OpenAI');
    await waitFor(() => amountIn(b, dealId) === 100_000_000_000, 'Bob has the deal');

    b.provider.disconnect();
    updateDeal(a.doc, { dealId, patch: { amount: 600_000_000_000 } }, userOrigin(ada.id));
    updateDeal(b.doc, { dealId, patch: { amount: 500_000_000_000 } }, userOrigin(bob.id));
    await waitFor(() => events.some((e) => e.type === 'deal.updated' && e.dealId === dealId), 'Ada’s edit committed');
    b.provider.connect();

    await waitFor(() => events.some((e) => e.type === 'deal.conflict'), 'a deal.conflict');
    await waitFor(() => amountIn(a, dealId) === amountIn(b, dealId), 'both converge');
    const conflicts = events.filter((e) => e.type === 'deal.conflict');
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0]!;
    expect(conflict.dealId).toBe(dealId);
    expect(conflict.actor).toEqual({ id: bob.id, name: 'Bob' });
    const data = conflict.data as {
      field: string;
      kept: { userId: string; name: string; value: unknown };
      overwritten: { userId: string; name: string; value: unknown };
    };
    expect(data.field).toBe('amount');
    const final = amountIn(a, dealId);
    expect(data.kept.value).toBe(final);
    const people = [data.kept, data.overwritten].map((p) => [p.name, p.value]).sort();
    expect(people).toEqual([
      ['Ada', 600_000_000_000],
      ['Bob', 500_000_000_000],
    ]);
    expect(conflict.summary).toMatch(/^Bob and Ada changed amount on Amazon to invest in OpenAI at the same time; (Ada|Bob)'s value was kept$/);
  });

  it('is no conflict when the writer had seen the other value', async () => {
    const dealId = newDeal('SoftBank adds $30B');
    await waitFor(() => amountIn(b, dealId) === 100_000_000_000, 'Bob has the deal');
    updateDeal(a.doc, { dealId, patch: { amount: 300_000_000_000 } }, userOrigin(ada.id));
    await waitFor(() => amountIn(b, dealId) === 300_000_000_000, 'Bob sees Ada’s amount');
    updateDeal(b.doc, { dealId, patch: { amount: 400_000_000_000 } }, userOrigin(bob.id));
    await waitFor(() => amountIn(a, dealId) === 400_000_000_000, 'Ada sees Bob’s amount');
    await waitFor(() => events.filter((e) => e.type === 'deal.updated' && e.dealId === dealId).length >= 1, 'the edits are told', 15_000);
    expect(events.filter((e) => e.type === 'deal.conflict' && e.dealId === dealId)).toEqual([]);
  });

  it('still names the other person when the offline edit returns after the room was unloaded', async () => {
    const quick = await startServer({ roomIdleMs: 100 });
    const open: DocClient[] = [];
    try {
      const ann = await createUser(quick.url, 'Ann');
      const ben = await createUser(quick.url, 'Ben');
      const board = await createBoard(quick.url, ann, 'Deals', 'pipeline');
      await addMember(quick.url, ann, board, ben, 'editor');
      const first = connectDoc(quick.url, ann, board);
      const offline = connectDoc(quick.url, ben, board);
      open.push(first, offline);
      await Promise.all([first.synced, offline.synced]);
      const created = createDeal(
        first.doc,
        { columnId: selectColumns(first.doc).columns[0]!.id, title: 'Meta acquires Manus', amount: 2_000_000_000 },
        userOrigin(ann.id),
      );
      const dealId = created.ok ? created.value.dealId : '';
      await waitFor(() => amountIn(offline, dealId) === 2_000_000_000, 'Ben has the deal');
      const socket = await connectSocket(quick.url, ann);
      const told: ActivityEvent[] = [];
      socket.on('activity:added', (e) => told.push(e));
      expect(await socket.emitWithAck('board:join', { boardId: board })).toEqual({ ok: true });

      offline.provider.disconnect();
      updateDeal(offline.doc, { dealId, patch: { amount: 3_000_000_000 } }, userOrigin(ben.id));
      updateDeal(first.doc, { dealId, patch: { amount: 4_000_000_000 } }, userOrigin(ann.id));
      await waitFor(() => told.some((e) => e.type === 'deal.updated' && e.dealId === dealId), 'Ann’s edit committed');
      first.destroy();
      const hub = quick.server.context.hub;
      await waitFor(() => hub.openRoomCount === 0, 'room unloaded');

      offline.provider.connect();
      await waitFor(() => told.some((e) => e.type === 'deal.conflict'), 'a deal.conflict after the reload');
      const data = told.find((e) => e.type === 'deal.conflict')!.data as { kept: { name: string }; overwritten: { name: string } };
      expect([data.kept.name, data.overwritten.name].sort()).toEqual(['Ann', 'Ben']);
      socket.disconnect();
    } finally {
      for (const c of open) c.destroy();
      await quick.close();
    }
  });
});
