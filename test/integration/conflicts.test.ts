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
    await waitFor(() => events.some((e) => e.type === 'deal.updated' && e.dealId === dealId), 'Ada’s edit committed', 3_000);
    b.provider.connect();

    await waitFor(() => events.some((e) => e.type === 'deal.conflict'), 'a deal.conflict', 3_000);
    await waitFor(() => amountIn(a, dealId) === amountIn(b, dealId), 'both converge');
    const conflicts = events.filter((e) => e.type === 'deal.conflict');
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0]!;
    expect(conflict.dealId).toBe(dealId);
    expect(conflict.actor).toEqual({ id: bob.id, name: 'Bob' });
    const data = conflict.data as { field: string; kept: { userId: string; name: string; value: unknown }; overwritten: { userId: string; name: string; value: unknown } };
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
});
