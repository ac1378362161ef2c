/**
 * The Store methods added for account hardening, on the store under test (SQLite or PostgreSQL): invitations are
 * used once and never lower a role, throttle counters reset after quiet, sessions list
 * and revoke by public id.
 */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/index';
import { tempDir } from '../helpers/startServer';
import { openTestStore, removeStoreFor } from '../helpers/testStores';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function open(): Promise<Store> {
  const dir = await tempDir();
  const store = await openTestStore(dir);
  cleanups.push(async () => {
    await store.close();
    await removeStoreFor(dir);
    await fs.rm(dir, { recursive: true, force: true });
  });
  return store;
}

describe('account store', () => {
  it('accepts an invitation once, keeping a higher existing role', async () => {
    const store = await open();
    const owner = await store.createUser({ email: 'o@example.com', name: 'O', passwordHash: 'x' });
    const bob = await store.createUser({ email: 'b@example.com', name: 'B', passwordHash: 'x' });
    await store.createBoard({ id: 'board1', name: 'One', ownerId: owner.id });
    const inv = await store.createInvitation({ id: 'i1', boardId: 'board1', email: 'B@Example.com', role: 'viewer', invitedBy: owner.id });
    expect(inv).toMatchObject({ email: 'b@example.com', boardName: 'One', invitedBy: { id: owner.id, name: 'O' } });
    // Inviting the same email again updates the role instead of adding a second one.
    await store.createInvitation({ id: 'i2', boardId: 'board1', email: 'b@example.com', role: 'editor', invitedBy: owner.id });
    expect((await store.listInvitationsForEmail('b@example.com')).map((i) => [i.id, i.role])).toEqual([['i1', 'editor']]);
    expect(await store.acceptInvitation('i1', bob.id)).toBe('editor');
    expect(await store.acceptInvitation('i1', bob.id)).toBeNull();

    await store.createInvitation({ id: 'i3', boardId: 'board1', tokenHash: 'h', role: 'viewer', invitedBy: owner.id });
    expect((await store.getInvitationByToken('h'))?.email).toBeNull();
    expect(await store.acceptInvitation('i3', bob.id)).toBe('editor'); // not lowered
    expect(await store.getRole('board1', bob.id)).toBe('editor');
  });

  it('ignores expired invitations', async () => {
    const store = await open();
    const owner = await store.createUser({ email: 'o@example.com', name: 'O', passwordHash: 'x' });
    await store.createBoard({ id: 'board1', name: 'One', ownerId: owner.id });
    await store.createInvitation({
      id: 'old',
      boardId: 'board1',
      tokenHash: 'h',
      role: 'viewer',
      invitedBy: owner.id,
      expiresAt: new Date(Date.now() - 1).toISOString(),
    });
    expect(await store.getInvitationByToken('h')).toBeNull();
    expect(await store.listBoardInvitations('board1')).toEqual([]);
    expect(await store.acceptInvitation('old', owner.id)).toBeNull();
  });

  it('counts attempts, resets after quiet, clears', async () => {
    const store = await open();
    const admitAll = () => 0;
    expect(await store.admitAttempt([{ key: 'k', resetBefore: 0 }], 1_000, admitAll)).toBe(0);
    expect(await store.getAttempts('k')).toEqual({ failures: 1, lastAt: 1_000 });
    const seen: unknown[] = [];
    const twoKeys = (resetK: number) => [
      { key: 'k', resetBefore: resetK },
      { key: 'j', resetBefore: 0 },
    ];
    expect(await store.admitAttempt(twoKeys(0), 2_000, (counts) => (seen.push(counts), 0))).toBe(0);
    expect(seen).toEqual([[{ failures: 1, lastAt: 1_000 }, null]]);
    expect([await store.getAttempts('k'), await store.getAttempts('j')]).toEqual([
      { failures: 2, lastAt: 2_000 },
      { failures: 1, lastAt: 2_000 },
    ]);
    // k's last attempt was before its resetBefore: it starts again; j's was not.
    await store.admitAttempt(twoKeys(5_000), 10_000, admitAll);
    expect([await store.getAttempts('k'), await store.getAttempts('j')]).toEqual([
      { failures: 1, lastAt: 10_000 },
      { failures: 2, lastAt: 10_000 },
    ]);
    // A refused attempt (a wait) counts nothing.
    expect(await store.admitAttempt(twoKeys(0), 11_000, () => 500)).toBe(500);
    expect(await store.getAttempts('k')).toEqual({ failures: 1, lastAt: 10_000 });
    await store.clearAttempts('k');
    expect(await store.getAttempts('k')).toBeNull();
  });

  it('never lowers a role when invitations are accepted at once, and counts concurrent attempts exactly', async () => {
    const store = await open();
    const owner = await store.createUser({ email: 'o@example.com', name: 'O', passwordHash: 'x' });
    const bob = await store.createUser({ email: 'b@example.com', name: 'B', passwordHash: 'x' });
    await store.createBoard({ id: 'board1', name: 'One', ownerId: owner.id });
    await store.createInvitation({ id: 'edit', boardId: 'board1', email: 'b@example.com', role: 'editor', invitedBy: owner.id });
    await store.createInvitation({ id: 'view', boardId: 'board1', tokenHash: 'h', role: 'viewer', invitedBy: owner.id });
    const roles = await Promise.all([store.acceptInvitation('view', bob.id), store.acceptInvitation('edit', bob.id), store.acceptInvitation('edit', bob.id)]);
    expect(roles.filter((r) => r === null)).toHaveLength(1); // 'edit' is used once
    expect(await store.getRole('board1', bob.id)).toBe('editor');

    await Promise.all(Array.from({ length: 10 }, () => store.admitAttempt([{ key: 'k', resetBefore: 0 }], 1_000, () => 0)));
    expect(await store.getAttempts('k')).toEqual({ failures: 10, lastAt: 1_000 });
    // Check and count are one step: of 10 concurrent attempts with 3 allowed, exactly 3 pass.
    const threeAllowed = (counts: ({ failures: number } | null)[]) => ((counts[0]?.failures ?? 0) >= 3 ? 1_000 : 0);
    const waits = await Promise.all(Array.from({ length: 10 }, () => store.admitAttempt([{ key: 'fresh', resetBefore: 0 }], 2_000, threeAllowed)));
    expect(waits.filter((w) => w === 0)).toHaveLength(3);
    expect(await store.getAttempts('fresh')).toEqual({ failures: 3, lastAt: 2_000 });
  });

  it('lists sessions and revokes one by public id or all but one', async () => {
    const store = await open();
    const user = await store.createUser({ email: 's@example.com', name: 'S', passwordHash: 'x' });
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    for (const idHash of ['a', 'b', 'c']) await store.createSession({ idHash, userId: user.id, expiresAt, userAgent: `ua ${idHash}` });
    const list = await store.listSessions(user.id);
    expect(list.map((s) => s.userAgent).sort()).toEqual(['ua a', 'ua b', 'ua c']);
    const b = (await store.getSession('b'))?.session.id ?? '';
    expect(await store.deleteUserSession('someone else', b)).toBeNull();
    expect(await store.deleteUserSession(user.id, b)).toBe('b');
    expect((await store.deleteUserSessions(user.id, 'a')).sort()).toEqual(['c']);
    expect((await store.listSessions(user.id)).map((s) => s.userAgent)).toEqual(['ua a']);
  });
});
