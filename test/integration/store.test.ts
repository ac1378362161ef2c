/**
 * The store on a real database, run once per store (the sqlite and pg vitest projects):
 * migrations, durability across re-open, the document log with snapshots and heads,
 * activity paging, cascades.
 */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ActivityEvent } from '../../shared/src/events';
import { isStoreError, type Store } from '../../server/src/store/index';
import { MIGRATIONS } from '../../server/src/store/sqlite/migrations';
import { PG_MIGRATIONS } from '../../server/src/store/postgres/migrations';
import { startServer, tempDir } from '../helpers/startServer';
import { STORE_KIND, countRows, openTestStore, rawQuery, removeStoreFor } from '../helpers/testStores';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function openStore(dir?: string): Promise<{ store: Store; dir: string }> {
  const dataDir = dir ?? (await tempDir());
  if (!dir) cleanups.push(() => removeDir(dataDir));
  const store = await openTestStore(dataDir);
  cleanups.push(() => store.close());
  return { store, dir: dataDir };
}

async function removeDir(dataDir: string): Promise<void> {
  await fs.rm(dataDir, { recursive: true, force: true });
  await removeStoreFor(dataDir);
}

async function userAndBoard(store: Store, boardId = 'board-1') {
  const user = await store.createUser({ email: `u-${boardId}@example.com`, name: 'Ada', passwordHash: 'x' });
  const board = await store.createBoard({ id: boardId, name: 'Deals', ownerId: user.id });
  return { user, board };
}

function docUpdates(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const deals = doc.getMap<string>('deals');
  deals.set('a', 'Amazon → OpenAI');
  deals.set('b', 'SoftBank → OpenAI');
  deals.set('c', 'Amazon → Anthropic');
  return { updates, doc };
}

describe(`${STORE_KIND} store`, () => {
  it('runs the migrations on a fresh database and creates every table', async () => {
    const { store, dir } = await openStore();
    expect(store.fresh).toBe(true);
    await store.close();

    const applied = await rawQuery<{ name: string }>(dir, { sqlite: 'SELECT name FROM migrations ORDER BY id', pg: 'SELECT name FROM migrations ORDER BY id' });
    expect(applied.map((m) => m.name)).toEqual((STORE_KIND === 'pg' ? PG_MIGRATIONS : MIGRATIONS).map((m) => m.name));
    const tables = await rawQuery<{ name: string }>(dir, {
      sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
      pg: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    });
    for (const t of ['users', 'sessions', 'api_tokens', 'boards', 'board_heads', 'memberships', 'doc_updates', 'doc_snapshots', 'activity', 'doc_clients']) {
      expect(tables.map((row) => row.name)).toContain(t);
    }
    if (STORE_KIND === 'sqlite') {
      const [mode] = await rawQuery<{ journal_mode: string }>(dir, { sqlite: 'PRAGMA journal_mode', pg: '' });
      expect(mode?.journal_mode).toBe('wal');
    }
  });

  it('keeps everything across a re-open and does not re-run migrations', async () => {
    const dir = await tempDir();
    cleanups.push(() => removeDir(dir));
    const first = await openTestStore(dir);
    const { user } = await userAndBoard(first);
    await first.appendUpdates('board-1', [{ update: new Uint8Array([1, 2, 3]), userId: user.id, at: new Date().toISOString() }]);
    await first.close();

    const { store: second } = await openStore(dir);
    expect(second.fresh).toBe(false);
    expect(await second.getUser(user.id)).toEqual(user);
    expect(await second.getRole('board-1', user.id)).toBe('owner');
    const loaded = await second.loadDocument('board-1');
    expect(loaded.updates.map((u) => [...u.update])).toEqual([[1, 2, 3]]);
  });

  it('treats emails case-insensitively and refuses a taken one', async () => {
    const { store } = await openStore();
    const user = await store.createUser({ email: 'Ada@Example.com', name: 'Ada', passwordHash: 'h' });
    expect(user.email).toBe('ada@example.com');
    expect((await store.findUserByEmail('ADA@example.COM'))?.id).toBe(user.id);
    const err = await store.createUser({ email: 'ada@EXAMPLE.com', name: 'Other', passwordHash: 'h' }).catch((e: unknown) => e);
    expect(isStoreError(err, 'email_taken')).toBe(true);
  });

  it('appends in one transaction, loads snapshot + tail, and keeps the whole log', async () => {
    const { store } = await openStore();
    const { user } = await userAndBoard(store);
    const { updates, doc } = docUpdates();
    const at = new Date().toISOString();

    expect(await store.appendUpdates('board-1', [])).toBe(0);
    const lastSeq = await store.appendUpdates(
      'board-1',
      updates.map((update) => ({ update, userId: user.id, at })),
    );
    expect(lastSeq).toBe(3);
    expect(await store.appendUpdates('board-1', [{ update: updates[0]!, userId: null, at }])).toBe(4);

    // Fold the first two into a snapshot; the log keeps all four.
    const partial = new Y.Doc();
    Y.applyUpdate(partial, updates[0]!);
    Y.applyUpdate(partial, updates[1]!);
    await store.writeSnapshot('board-1', 2, Y.encodeStateAsUpdate(partial));

    const loaded = await store.loadDocument('board-1');
    expect(loaded.snapshotSeq).toBe(2);
    expect(loaded.updates.map((u) => u.seq)).toEqual([3, 4]);
    expect(loaded.updates[1]?.userId).toBeNull();

    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, loaded.snapshot!);
    for (const u of loaded.updates) Y.applyUpdate(rebuilt, u.update);
    expect(rebuilt.getMap('deals').toJSON()).toEqual(doc.getMap('deals').toJSON());

    const log = await store.listUpdates('board-1');
    expect(log.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    expect(log[0]?.update).toEqual(updates[0]);
    expect((await store.listUpdates('board-1', 3)).map((u) => u.seq)).toEqual([4]);

    // A later snapshot replaces the earlier one; a snapshot beyond the log is refused.
    await store.writeSnapshot('board-1', 4, Y.encodeStateAsUpdate(doc));
    expect((await store.loadDocument('board-1')).updates).toEqual([]);
    await expect(store.writeSnapshot('board-1', 9, new Uint8Array([0]))).rejects.toThrow(/outside the log/);

    // Yjs client ids are bound to the first user who wrote with them, with the log.
    const other = await store.createUser({ email: 'other@example.com', name: 'Other', passwordHash: 'x' });
    await store.appendUpdates('board-1', [{ update: updates[0]!, userId: user.id, at, clientIds: [7, 8] }]);
    await store.appendUpdates('board-1', [{ update: updates[0]!, userId: other.id, at, clientIds: [8, 9] }]);
    const owners = (await store.listDocClients('board-1')).sort((a, b) => a.clientId - b.clientId);
    expect(owners).toEqual([
      { clientId: 7, userId: user.id },
      { clientId: 8, userId: user.id },
      { clientId: 9, userId: other.id },
    ]);

    // Appending to a missing board is a not_found StoreError.
    const err = await store.appendUpdates('nope', [{ update: updates[0]!, userId: null, at }]).catch((e: unknown) => e);
    expect(isStoreError(err, 'not_found')).toBe(true);
  });

  it('pages activity newest first with before (ties by insertion) and filters by dealId', async () => {
    const { store } = await openStore();
    await userAndBoard(store);
    const base = Date.parse('2026-01-10T12:00:00.000Z');
    const events: ActivityEvent[] = Array.from({ length: 7 }, (_, i) => ({
      id: `e${i}`,
      boardId: 'board-1',
      // e2/e3/e4 share one timestamp: their order is insertion order.
      at: new Date(base + (i >= 2 && i <= 4 ? 2 : i) * 1000).toISOString(),
      actor: { id: 'u1', name: 'Ada' },
      type: 'deal.updated',
      ...(i % 2 === 0 ? { dealId: 'deal-even' } : {}),
      summary: `event ${i}`,
      data: { fields: { title: { from: 'x', to: `x${i}` } } },
    }));
    await store.addActivity(events.slice(0, 4));
    await store.addActivity(events.slice(4));

    const page1 = await store.listActivity('board-1', { limit: 3 });
    expect(page1.map((e) => e.id)).toEqual(['e6', 'e5', 'e4']);
    const page2 = await store.listActivity('board-1', { limit: 3, before: 'e4' });
    expect(page2.map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
    const page3 = await store.listActivity('board-1', { limit: 3, before: 'e1' });
    expect(page3.map((e) => e.id)).toEqual(['e0']);

    const even = await store.listActivity('board-1', { limit: 10, dealId: 'deal-even' });
    expect(even.map((e) => e.id)).toEqual(['e6', 'e4', 'e2', 'e0']);
    const evenOlder = await store.listActivity('board-1', { limit: 10, dealId: 'deal-even', before: 'e4' });
    expect(evenOlder.map((e) => e.id)).toEqual(['e2', 'e0']);

    expect(page1[0]).toEqual(events[6]);
    expect(page2.find((e) => e.id === 'e1')).not.toHaveProperty('dealId');
    expect(await store.listActivity('board-1', { limit: 5, before: 'unknown' })).toEqual([]);
  });

  it('deletes a board with its members, log, snapshots and activity', async () => {
    const { store, dir } = await openStore();
    const { user } = await userAndBoard(store);
    const at = new Date().toISOString();
    await store.appendUpdates('board-1', [{ update: new Uint8Array([1]), userId: user.id, at }]);
    await store.writeSnapshot('board-1', 1, new Uint8Array([0, 0]));
    await store.addActivity([{ id: 'a1', boardId: 'board-1', at, actor: { id: user.id, name: 'Ada' }, type: 'deal.archived', summary: 's', data: {} }]);
    await store.deleteBoard('board-1');

    expect(await store.getBoard('board-1')).toBeNull();
    expect(await store.listBoardsForUser(user.id)).toEqual([]);
    await store.close();
    for (const table of ['memberships', 'board_heads', 'doc_updates', 'doc_snapshots', 'activity']) {
      expect(await countRows(dir, table), table).toBe(0);
    }
  });

  it('manages members, roles and board listings', async () => {
    const { store } = await openStore();
    const { user: owner } = await userAndBoard(store);
    const viewer = await store.createUser({ email: 'v@example.com', name: 'Vic', passwordHash: 'x' });
    await store.setMember('board-1', viewer.id, 'viewer');
    expect(await store.getRole('board-1', viewer.id)).toBe('viewer');
    await store.setMember('board-1', viewer.id, 'editor');
    expect((await store.listMembers('board-1')).map((m) => [m.user.id, m.role])).toEqual([
      [owner.id, 'owner'],
      [viewer.id, 'editor'],
    ]);
    expect((await store.listBoardsForUser(viewer.id)).map((b) => [b.id, b.role])).toEqual([['board-1', 'editor']]);
    await store.renameBoard('board-1', 'Renamed');
    expect((await store.getBoard('board-1'))?.name).toBe('Renamed');
    await store.removeMember('board-1', viewer.id);
    expect(await store.getRole('board-1', viewer.id)).toBeNull();
    await expect(store.setMember('board-1', 'ghost', 'viewer')).rejects.toThrow(/No such board or user/);
  });

  it('keeps only the hash of sessions and tokens, and expires sessions', async () => {
    const { store } = await openStore();
    const user = await store.createUser({ email: 's@example.com', name: 'Sam', passwordHash: 'x' });
    await store.createSession({ idHash: 'live', userId: user.id, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await store.createSession({ idHash: 'old', userId: user.id, expiresAt: new Date(Date.now() - 1).toISOString() });
    expect((await store.getSessionUser('live'))?.id).toBe(user.id);
    expect(await store.getSessionUser('old')).toBeNull();
    await store.deleteSession('live');
    expect(await store.getSessionUser('live')).toBeNull();
    // A session for a user that does not exist cannot be created.
    await expect(store.createSession({ idHash: 'ghost', userId: 'ghost', expiresAt: new Date(Date.now() + 60_000).toISOString() })).rejects.toThrow();
    await store.createApiToken({ id: 't1', userId: user.id, name: 'ci', tokenHash: 'th' });
    expect((await store.getTokenUser('th'))?.id).toBe(user.id);
    expect(await store.getTokenUser('other')).toBeNull();
  });

  it('compacts from the log: snapshot N = previous snapshot + updates up to N, the log kept', async () => {
    const { store } = await openStore();
    const { user } = await userAndBoard(store);
    const { updates, doc } = docUpdates();
    const at = new Date().toISOString();
    await store.appendUpdates(
      'board-1',
      updates.map((update) => ({ update, userId: user.id, at })),
    );

    await store.compact('board-1', 2);
    let loaded = await store.loadDocument('board-1');
    expect(loaded.snapshotSeq).toBe(2);
    expect(loaded.updates.map((u) => u.seq)).toEqual([3]);
    const firstTwo = new Y.Doc();
    Y.applyUpdate(firstTwo, loaded.snapshot!);
    expect(firstTwo.getMap('deals').toJSON()).toEqual({ a: 'Amazon → OpenAI', b: 'SoftBank → OpenAI' });

    // An older or equal seq changes nothing; the next one builds on the snapshot.
    await store.compact('board-1', 1);
    await store.compact('board-1', 2);
    expect((await store.loadDocument('board-1')).snapshotSeq).toBe(2);
    await store.compact('board-1', 3);
    loaded = await store.loadDocument('board-1');
    expect(loaded.snapshotSeq).toBe(3);
    expect(loaded.updates).toEqual([]);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, loaded.snapshot!);
    expect(whole.getMap('deals').toJSON()).toEqual(doc.getMap('deals').toJSON());
    expect((await store.listUpdates('board-1')).map((u) => u.seq)).toEqual([1, 2, 3]);
    await expect(store.compact('board-1', 4)).rejects.toThrow(/outside the log/);
  });

  it('reads the committed heads of several boards in one call', async () => {
    const { store } = await openStore();
    const { user } = await userAndBoard(store, 'board-1');
    await store.createBoard({ id: 'board-2', name: 'Empty', ownerId: user.id });
    const { updates, doc } = docUpdates();
    const at = new Date().toISOString();
    await store.appendUpdates(
      'board-1',
      updates.slice(0, 1).map((update) => ({ update, userId: user.id, at })),
    );
    await store.appendUpdates(
      'board-1',
      updates.slice(1).map((update) => ({ update, userId: user.id, at })),
    );

    const heads = await store.readHeads(['board-1', 'board-2', 'missing']);
    expect([...heads.keys()].sort()).toEqual(['board-1', 'board-2']);
    expect(heads.get('board-1')?.lastSeq).toBe(3);
    expect(Y.decodeStateVector(heads.get('board-1')!.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(heads.get('board-2')).toEqual({ lastSeq: 0, stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(await store.readHeads([])).toEqual(new Map());
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('is the store a running server uses (startServer gives a fresh one)', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    expect(server.store.fresh).toBe(true);
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
  });
});
