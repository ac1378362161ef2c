/**
 * Watches and the inbox in the store under test (SQLite, or PostgreSQL with STORE=pg): the
 * same answers from both: choices per deal and board-wide, auto-watch never overriding an
 * unwatch, paging newest first, read marks, settings, "last seen", and losing access hiding
 * a board's notifications and watches.
 */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/Store';
import { tempDir } from '../helpers/startServer';
import { openTestStore, removeStoreFor } from '../helpers/testStores';

const opened: Array<{ dir: string; store: Store }> = [];
afterEach(async () => {
  for (const { dir, store } of opened.splice(0)) {
    await store.close();
    await removeStoreFor(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function open() {
  const dir = await tempDir('tranche-inbox-');
  const store = await openTestStore(dir);
  opened.push({ dir, store });
  const ada = await store.createUser({ email: 'ada@example.com', name: 'Ada', passwordHash: 'x' });
  const bob = await store.createUser({ email: 'bob@example.com', name: 'Bob', passwordHash: 'x' });
  await store.createBoard({ id: 'board-1', name: 'Deals', ownerId: ada.id });
  await store.setMember('board-1', bob.id, 'editor');
  return { store, ada, bob };
}

const note = (id: string, userId: string, at: string) => ({
  id,
  userId,
  boardId: 'board-1',
  dealId: 'deal-1',
  kind: 'mention' as const,
  actor: { id: 'x', name: 'Ada' },
  at,
  summary: `n ${id}`,
  excerpt: 'hi',
});

describe('watches and notifications in the store', () => {
  it('keeps watch choices; auto-watch never overrides an unwatch; only members are listed', async () => {
    const { store, ada, bob } = await open();
    await store.setWatch(bob.id, 'board-1', 'deal-1', true);
    await store.setWatch(bob.id, 'board-1', null, true);
    await store.setWatch(ada.id, 'board-1', 'deal-1', false);
    await store.watchUnlessChosen(ada.id, 'board-1', 'deal-1'); // Ada said no: stays no
    await store.watchUnlessChosen(ada.id, 'board-1', 'deal-2');
    expect(await store.listWatches(bob.id)).toEqual([
      { boardId: 'board-1', dealId: null, watching: true },
      { boardId: 'board-1', dealId: 'deal-1', watching: true },
    ]);
    const choices = await store.listWatchChoices('board-1', 'deal-1');
    expect(choices).toHaveLength(3);
    expect(choices).toContainEqual({ userId: ada.id, dealId: 'deal-1', watching: false });
    expect(await store.listWatchChoices('board-1', 'deal-2')).toEqual(
      expect.arrayContaining([
        { userId: ada.id, dealId: 'deal-2', watching: true },
        { userId: bob.id, dealId: null, watching: true },
      ]),
    );
    await store.removeMember('board-1', bob.id);
    expect(await store.listWatches(bob.id)).toEqual([]);
    expect((await store.listWatchChoices('board-1', 'deal-1')).map((c) => c.userId)).toEqual([ada.id]);
  });

  it('lists newest first with paging and unread filter, marks read once, and hides a board the person left', async () => {
    const { store, bob } = await open();
    await store.addNotifications([
      note('n1', bob.id, '2026-01-01T00:00:01.000Z'),
      note('n2', bob.id, '2026-01-01T00:00:02.000Z'),
      note('n3', bob.id, '2026-01-01T00:00:03.000Z'),
    ]);
    await store.addNotifications([note('n3', bob.id, '2026-01-01T00:00:03.000Z')]); // a retry stores nothing twice
    const page = await store.listNotifications(bob.id, { limit: 2 });
    expect(page.map((n) => n.id)).toEqual(['n3', 'n2']);
    expect(page[0]).toEqual({
      id: 'n3',
      boardId: 'board-1',
      boardName: 'Deals',
      dealId: 'deal-1',
      kind: 'mention',
      actor: { id: 'x', name: 'Ada' },
      at: '2026-01-01T00:00:03.000Z',
      read: false,
      summary: 'n n3',
      excerpt: 'hi',
    });
    expect((await store.listNotifications(bob.id, { limit: 10, before: 'n2' })).map((n) => n.id)).toEqual(['n1']);
    expect(await store.countUnreadNotifications(bob.id)).toBe(3);
    expect(await store.markNotificationsRead(bob.id, ['n1', 'n2', 'nope'], '2026-01-02T00:00:00.000Z')).toEqual(expect.arrayContaining(['n1', 'n2']));
    expect(await store.markNotificationsRead(bob.id, ['n1'], '2026-01-02T00:00:00.000Z')).toEqual([]);
    expect((await store.listNotifications(bob.id, { limit: 10, unreadOnly: true })).map((n) => n.id)).toEqual(['n3']);
    expect(await store.markNotificationsRead(bob.id, 'all', '2026-01-02T00:00:00.000Z')).toEqual(['n3']);
    expect(await store.countUnreadNotifications(bob.id)).toBe(0);
    await store.removeMember('board-1', bob.id);
    expect(await store.listNotifications(bob.id, { limit: 10 })).toEqual([]);
  });

  it('keeps settings and when the person last looked', async () => {
    const { store, bob } = await open();
    expect(await store.getNotificationSettings(bob.id)).toBeNull();
    await store.saveNotificationSettings(bob.id, { autoWatch: false });
    expect(await store.getNotificationSettings(bob.id)).toEqual({ autoWatch: false });
    expect(await store.touchNotificationsSeen(bob.id, '2026-01-01T00:00:00.000Z')).toBeNull();
    expect(await store.touchNotificationsSeen(bob.id, '2026-01-01T05:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(await store.getNotificationSettings(bob.id)).toEqual({ autoWatch: false });
  });
});
