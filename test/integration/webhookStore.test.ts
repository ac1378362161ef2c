/** The webhook tables of the store under test (SQLite or PostgreSQL): order of pending heads, and bounded history. */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/Store';
import { KEPT_FINISHED } from '../../server/src/store/sqlite/SqliteWebhooks';
import { tempDir } from '../helpers/startServer';
import { openTestStore, removeStoreFor } from '../helpers/testStores';

const dirs: string[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) {
    await removeStoreFor(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function open(): Promise<Store> {
  const dir = await tempDir();
  dirs.push(dir);
  const store = await openTestStore(dir);
  stores.push(store);
  const user = await store.createUser({ email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  await store.createBoard({ id: 'board-1', name: 'B', ownerId: user.id });
  await store.createWebhook({ id: 'h1', boardId: 'board-1', url: 'https://example.com/h', events: ['*'], secret: 's', createdBy: user.id });
  return store;
}

const delivery = (n: number) => ({ id: `d${n}`, webhookId: 'h1', eventId: `e${n}`, eventType: 'deal.created', payload: '{}' });

describe('webhook deliveries in the store', () => {
  it('queues deliveries in the transaction that commits the activity, for subscribed enabled webhooks', async () => {
    const store = await open();
    await store.createWebhook({ id: 'h2', boardId: 'board-1', url: 'https://example.com/moves', events: ['deal.moved'], secret: 's', createdBy: 'x' });
    await store.createWebhook({ id: 'h3', boardId: 'board-1', url: 'https://example.com/off', events: ['*'], secret: 's', createdBy: 'x' });
    await store.updateWebhook('h3', { disabledAt: new Date().toISOString() });
    const event = {
      id: 'ev1',
      boardId: 'board-1',
      at: new Date().toISOString(),
      actor: { id: 'u', name: 'Ada' },
      type: 'deal.archived' as const,
      dealId: 'd',
      summary: 'Ada archived d',
      data: {},
    };
    await store.appendUpdates('board-1', [{ update: new Uint8Array([0, 0]), userId: null, at: event.at }], [event]);
    const [queued] = await store.listDeliveries('h1', 10);
    expect(queued).toMatchObject({ eventId: 'ev1', eventType: 'deal.archived', status: 'pending', attempts: 0 });
    expect(JSON.parse(queued!.payload)).toEqual(event);
    expect(await store.listDeliveries('h2', 10)).toEqual([]);
    expect(await store.listDeliveries('h3', 10)).toEqual([]);
  });

  it('queues deliveries of activity stored on its own, and only for subscribed types', async () => {
    const store = await open();
    await store.createWebhook({ id: 'h2', boardId: 'board-1', url: 'https://example.com/restores', events: ['deal.restored'], secret: 's', createdBy: 'x' });
    const at = new Date().toISOString();
    const event = (id: string, type: 'deal.restored' | 'deal.archived') => ({
      id,
      boardId: 'board-1',
      at,
      actor: { id: 'u', name: 'Ada' },
      type,
      dealId: 'd',
      summary: 's',
      data: {},
    });
    await store.addActivity([event('ev1', 'deal.archived'), event('ev2', 'deal.restored')]);
    expect((await store.listDeliveries('h1', 10)).map((d) => d.eventId)).toEqual(['ev2', 'ev1']);
    expect((await store.listDeliveries('h2', 10)).map((d) => d.eventId)).toEqual(['ev2']);
  });

  it('hands out the oldest pending delivery of each enabled webhook, one at a time', async () => {
    const store = await open();
    await store.enqueueDeliveries([delivery(1), delivery(2)]);
    expect((await store.headDeliveries()).map((h) => h.delivery.id)).toEqual(['d1']);
    await store.recordDeliveryAttempt('d1', { status: 'delivered', statusCode: 200, lastError: null, nextAttemptAt: null });
    expect((await store.headDeliveries()).map((h) => h.delivery.id)).toEqual(['d2']);
    await store.updateWebhook('h1', { disabledAt: new Date().toISOString() });
    expect(await store.headDeliveries()).toEqual([]);
    // A retry due in an hour is due at once when the webhook is re-enabled.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await store.recordDeliveryAttempt('d2', { status: 'pending', statusCode: 500, lastError: 'HTTP 500', nextAttemptAt: later });
    await store.updateWebhook('h1', { disabledAt: null, consecutiveFailures: 0 });
    const [head] = await store.headDeliveries();
    expect(head?.delivery.id).toBe('d2');
    expect(Date.parse(head!.delivery.nextAttemptAt!)).toBeLessThanOrEqual(Date.now());
  });

  it(`keeps the newest ${KEPT_FINISHED} finished deliveries per webhook`, async () => {
    const store = await open();
    const count = KEPT_FINISHED + 5;
    await store.enqueueDeliveries(Array.from({ length: count }, (_, i) => delivery(i)));
    for (let i = 0; i < count; i++) await store.recordDeliveryAttempt(`d${i}`, { status: 'delivered', statusCode: 200, lastError: null, nextAttemptAt: null });
    const kept = await store.listDeliveries('h1', 1_000);
    expect(kept).toHaveLength(KEPT_FINISHED);
    expect(kept[0]!.id).toBe(`d${count - 1}`);
    expect(kept.at(-1)!.id).toBe(`d${count - KEPT_FINISHED}`);
  });
});
