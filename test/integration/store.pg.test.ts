/**
 * What only PostgreSQL promises: several processes (here, several PostgresStores) on one
 * database, and a database that goes away and comes back under a running server.
 */
import fs from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDeal, readDeals, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { CloseCodes } from '../../shared/src/closeCodes';
import { createServer } from '../../server/src/createServer';
import { COMMIT_RETRY_FOR_MS } from '../../server/src/sync/BoardRoom';
import { PostgresStore } from '../../server/src/store/index';
import { PG_MIGRATIONS } from '../../server/src/store/postgres/migrations';
import { buildSnapshot } from '../../server/src/store/stateVector';
import { api, connectDoc, connectSocket, createBoard, createUser, waitFor, type DocClient } from '../helpers/clients';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { TEST_SCRYPT, startServer, tempDir, type StartedServer } from '../helpers/startServer';
import { removeStoreFor, storeConfigFor } from '../helpers/testStores';

let dataDir: string;
let databaseUrl: string;
beforeAll(async () => {
  dataDir = await tempDir('tranche-pg-');
  databaseUrl = (await storeConfigFor(dataDir)).databaseUrl!;
});
afterAll(async () => {
  await removeStoreFor(dataDir);
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** `count` real Yjs updates from one writer, each adding one key to `deals`. */
function writerUpdates(name: string, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('deals').set(`${name}-${i}`, i);
  return updates;
}

function docFrom(parts: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

describe('several PostgresStores on one database', () => {
  it('migrate once when they open at the same time', async () => {
    const other = await tempDir('tranche-pg-');
    const url = (await storeConfigFor(other)).databaseUrl!;
    try {
      const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open({ databaseUrl: url, poolMax: 2 })));
      expect(stores.map((s) => s.fresh).sort()).toEqual([false, false, true]);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await removeStoreFor(other);
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('append to one board at once: gapless seqs in commit order, nothing lost, and a reader never skips one', async () => {
    const [a, b] = await Promise.all([PostgresStore.open({ databaseUrl }), PostgresStore.open({ databaseUrl })]);
    try {
      const user = await a.createUser({ email: 'writers@example.com', name: 'W', passwordHash: 'x' });
      await a.createBoard({ id: 'shared-board', name: 'Shared', ownerId: user.id });
      const perWriter = 60;
      const writers = [
        { store: a, updates: writerUpdates('a', perWriter) },
        { store: b, updates: writerUpdates('b', perWriter) },
        { store: a, updates: writerUpdates('c', perWriter) },
        { store: b, updates: writerUpdates('d', perWriter) },
      ];
      const total = perWriter * writers.length;
      // A reader that follows the log by "seq > watermark", as a process catching up does.
      const seen: number[] = [];
      let done = false;
      const reader = (async () => {
        while (!done || seen.length < total) {
          const tail = await b.listUpdates('shared-board', seen.at(-1) ?? 0);
          seen.push(...tail.map((u) => u.seq));
          if (tail.length === 0) await new Promise((r) => setImmediate(r));
        }
      })();
      const returned = await Promise.all(
        writers.map(async ({ store, updates }) => {
          const seqs: number[] = [];
          // Batches of 1–3, as group commit makes them.
          for (let i = 0; i < updates.length;) {
            const batch = updates.slice(i, i + 1 + (i % 3));
            seqs.push(
              await store.appendUpdates(
                'shared-board',
                batch.map((update) => ({ update, userId: user.id, at: new Date().toISOString() })),
              ),
            );
            i += batch.length;
          }
          return seqs;
        }),
      );
      done = true;
      await reader;

      const log = await a.listUpdates('shared-board');
      expect(log.map((u) => u.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(seen).toEqual(log.map((u) => u.seq));
      // Each writer's appends got increasing seqs, and its updates sit in the log in its order.
      for (const [w, seqs] of returned.entries()) {
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        const mine = log.filter((u) => writers[w]!.updates.some((mineUpdate) => Buffer.compare(Buffer.from(mineUpdate), Buffer.from(u.update)) === 0));
        expect(mine.map((u) => Buffer.from(u.update))).toEqual(writers[w]!.updates.map((u) => Buffer.from(u)));
      }
      const whole = docFrom(log.map((u) => u.update));
      expect(Object.keys(whole.getMap('deals').toJSON())).toHaveLength(total);
      const head = (await b.readHeads(['shared-board'])).get('shared-board')!;
      expect(head.lastSeq).toBe(total);
      expect(Y.decodeStateVector(head.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(whole)));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('compact at once: identical snapshots built from the log, and snapshot + tail equals the whole log', async () => {
    const [a, b] = await Promise.all([PostgresStore.open({ databaseUrl }), PostgresStore.open({ databaseUrl })]);
    try {
      const user = await a.createUser({ email: 'compact@example.com', name: 'C', passwordHash: 'x' });
      await a.createBoard({ id: 'compact-board', name: 'Compact', ownerId: user.id });
      const updates = writerUpdates('x', 300);
      const append = (store: PostgresStore, from: number, to: number) =>
        store.appendUpdates(
          'compact-board',
          updates.slice(from, to).map((update) => ({ update, userId: null, at: new Date().toISOString() })),
        );
      await append(a, 0, 200);

      // Both compact to the same seq while a third writer keeps appending.
      await Promise.all([a.compact('compact-board', 200), b.compact('compact-board', 200), append(b, 200, 250)]);
      const fromA = await a.loadDocument('compact-board');
      const fromB = await b.loadDocument('compact-board');
      expect(fromA.snapshotSeq).toBe(200);
      expect(Buffer.from(fromA.snapshot!)).toEqual(Buffer.from(fromB.snapshot!));
      const log = await a.listUpdates('compact-board');
      expect(Buffer.from(fromA.snapshot!)).toEqual(Buffer.from(buildSnapshot(log.slice(0, 200).map((u) => u.update))));

      // Racing to different seqs: whichever wins, what loads is the whole log.
      await append(a, 250, 300);
      await Promise.all([a.compact('compact-board', 260), b.compact('compact-board', 300)]);
      const loaded = await b.loadDocument('compact-board');
      expect([260, 300]).toContain(loaded.snapshotSeq);
      const rebuilt = docFrom([loaded.snapshot!, ...loaded.updates.map((u) => u.update)]);
      const whole = docFrom((await a.listUpdates('compact-board')).map((u) => u.update));
      expect(rebuilt.getMap('deals').toJSON()).toEqual(whole.getMap('deals').toJSON());
      expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(whole));
      expect(Object.keys(whole.getMap('deals').toJSON())).toHaveLength(300);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
  it("compact one at a time with another process's snapshot write: its thinning never drops the snapshot a compaction builds on", async () => {
    const [a, b] = await Promise.all([PostgresStore.open({ databaseUrl }), PostgresStore.open({ databaseUrl })]);
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    try {
      const user = await a.createUser({ email: 'thin-race@example.com', name: 'T', passwordHash: 'x' });
      await a.createBoard({ id: 'thin-race', name: 'Race', ownerId: user.id });
      const doc = new Y.Doc();
      const append = async (count: number, size = 10) => {
        let seq = 0;
        for (let i = 0; i < count; i++) {
          const before = Y.encodeStateVector(doc);
          doc.getMap('deals').set(`k${i % 40}`, `${i}`.padEnd(size, '.'));
          seq = await a.appendUpdates('thin-race', [{ update: Y.encodeStateAsUpdate(doc, before), userId: null, at: new Date().toISOString() }]);
        }
        return seq;
      };
      // A big first snapshot, then one a few small updates later: the base the compaction starts from.
      await a.compact('thin-race', await append(40, 2_000));
      const base = await append(2);
      await a.compact('thin-race', base);
      const target = await append(2);
      const other = await append(2);
      const otherState = Y.encodeStateAsUpdate(doc);
      const locks = (where: string) =>
        blocker
          .query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ${where}`,
          )
          .then((r) => r.rows[0]!.n);
      // Hold the compaction inside its transaction: the log cannot be read until the blocker commits.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE doc_updates IN ACCESS EXCLUSIVE MODE');
      const compaction = a.compact('thin-race', target);
      await expect.poll(() => locks(`relation = 'doc_updates'::regclass`)).toBe(1);
      // The other process's write (whose thinning would drop `base`) waits for the compaction's lock on the board.
      const write = b.writeSnapshot('thin-race', other, otherState);
      await expect.poll(() => locks(`locktype = 'advisory'`)).toBe(1);
      await blocker.query('COMMIT');
      await Promise.all([compaction, write]);
      // Both written, from their bases; the middle ones thinned afterwards.
      const log = await a.listUpdates('thin-race');
      const loaded = await b.loadDocument('thin-race');
      expect(loaded.snapshotSeq).toBe(other);
      const atTarget = await b.loadDocumentAt('thin-race', log[target - 1]!.at);
      expect(
        docFrom([atTarget.snapshot!, ...atTarget.updates.map((u) => u.update)])
          .getMap('deals')
          .toJSON(),
      ).toEqual(
        docFrom(log.slice(0, target).map((u) => u.update))
          .getMap('deals')
          .toJSON(),
      );
      const whole = docFrom(log.map((u) => u.update));
      expect(
        docFrom([loaded.snapshot!, ...loaded.updates.map((u) => u.update)])
          .getMap('deals')
          .toJSON(),
      ).toEqual(whole.getMap('deals').toJSON());
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('two servers on one database (no fan-out between them yet)', () => {
  /** Adds a deal through the server's own write path; resolves once it is committed. */
  const addDeal = (on: StartedServer, boardId: string, userId: string, title: string) =>
    on.server.context.hub.write(boardId, (doc, origin) => createDeal(doc, { columnId: selectColumns(doc).columns[0]!.id, title }, origin), userOrigin(userId));

  it('compact from the log: a snapshot never drops what the other process logged', async () => {
    const first = await startServer({ compactEvery: 10 });
    // Same database, another process's worth of rooms.
    const second = await startServer({ compactEvery: 10, databaseUrl: (await storeConfigFor(first.dataDir)).databaseUrl, dataDir: await tempDir() });
    try {
      const owner = await createUser(first.url, 'Owner');
      const boardId = await createBoard(first.url, owner);
      const titles = Array.from({ length: 40 }, (_, i) => `deal ${i}`);
      // Interleaved, so each room's seqs skip the other's and neither room holds every deal.
      for (const [i, title] of titles.entries()) await addDeal(i % 2 === 0 ? first : second, boardId, owner.id, title);

      const loaded = await first.store.loadDocument(boardId);
      expect(loaded.snapshotSeq).toBeGreaterThan(0);
      const stored = docFrom([loaded.snapshot!, ...loaded.updates.map((u) => u.update)]);
      expect(
        readDeals(stored)
          .flatMap((d) => (d.invalid ? [] : [d.title]))
          .sort(),
      ).toEqual([...titles].sort());
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('board:join answers with the committed head from the database, not the local room', async () => {
    const first = await startServer();
    const second = await startServer({ databaseUrl: (await storeConfigFor(first.dataDir)).databaseUrl, dataDir: await tempDir() });
    try {
      const owner = await createUser(first.url, 'Owner');
      const boardId = await createBoard(first.url, owner);
      await addDeal(first, boardId, owner.id, 'Saved through the first');
      const expected = await first.server.context.hub.read(boardId, (doc) => Y.decodeStateVector(Y.encodeStateVector(doc)));

      // The second process has no room for the board: the head must come from the database.
      const socket = await connectSocket(second.url, owner);
      try {
        const saved = new Promise<string>((resolve) => socket.once('board:saved', ({ stateVector }) => resolve(stateVector)));
        expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
        expect(Y.decodeStateVector(Buffer.from(await saved, 'base64'))).toEqual(expected);
      } finally {
        socket.disconnect();
      }
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('PostgreSQL stops (pg_ctl -m immediate) and starts while clients write', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.destroy();
  });

  it('keeps the server up, answers 503 meanwhile, recovers by itself and keeps every committed edit', async () => {
    const dir = await tempDir();
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      demo: false,
      scrypt: TEST_SCRYPT,
      dataDir: dir,
      databaseUrl: pg.adminUrl,
      pgPoolMax: 4,
    });
    const url = await server.listen();
    const clients: DocClient[] = [];
    try {
      const owner = await createUser(url, 'Owner');
      const boardId = await createBoard(url, owner);
      const writer = connectDoc(url, owner, boardId);
      const observer = connectDoc(url, owner, boardId);
      clients.push(writer, observer);
      await Promise.all([writer.synced, observer.synced]);
      const column = selectColumns(writer.doc).columns[0]!.id;
      const socket = await connectSocket(url, owner);
      const closes: number[] = [];
      writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));

      let running = true;
      let written = 0;
      const loop = (async () => {
        while (running) {
          createDeal(writer.doc, { columnId: column, title: `deal ${written++}` }, userOrigin(owner.id));
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await waitFor(() => readDeals(observer.doc).length > 30, 'writes flowing');

      await pg.stop('immediate');
      // A commit lost in flight closes the room at once; one refused before its COMMIT is tried
      // again, and the room closes once its commits have failed for COMMIT_RETRY_FOR_MS.
      await waitFor(() => closes.includes(CloseCodes.ServerShutdown), 'the room closing 4503 once its commits kept failing', COMMIT_RETRY_FOR_MS + 10_000);
      const ready = await fetch(`${url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      const rest = await api<{ error: { code: string } }>(url, owner, 'GET', '/api/boards');
      expect(rest.status).toBe(503);
      expect(rest.body.error.code).toBe('unavailable');
      expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ error: { code: 'unavailable', message: 'The store is unavailable; try again' } });
      socket.disconnect();
      // Everything the observer holds was broadcast, so committed, before PostgreSQL stopped.
      const committed = Y.encodeStateAsUpdate(observer.doc);

      await pg.start();
      let readyAgain = 0;
      while (readyAgain !== 200) {
        readyAgain = (await fetch(`${url}/api/ready`)).status;
        if (readyAgain !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      running = false;
      await loop;
      const wrote = written;

      // The writer reconnects by itself and resends what the outage kept from the log.
      await waitFor(() => writer.provider.synced && readDeals(observer.doc).length === wrote, 'every edit after recovery', 15_000);
      const loaded = await server.store.loadDocument(boardId);
      const stored = docFrom([...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates.map((u) => u.update)]);
      expect(readDeals(stored).length).toBe(wrote);
      const before = Y.encodeStateVector(stored);
      Y.applyUpdate(stored, committed);
      expect(Y.encodeStateVector(stored)).toEqual(before);
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps the board open through a short outage: an edit made while PostgreSQL is down is saved once it is back, over the same connection', async () => {
    const dir = await tempDir();
    const server = await createServer({ port: 0, host: '127.0.0.1', demo: false, scrypt: TEST_SCRYPT, dataDir: dir, databaseUrl: pg.adminUrl, pgPoolMax: 4 });
    const url = await server.listen();
    const clients: DocClient[] = [];
    try {
      const owner = await createUser(url, 'Owner');
      const boardId = await createBoard(url, owner);
      const writer = connectDoc(url, owner, boardId);
      clients.push(writer);
      await writer.synced;
      const socket = await connectSocket(url, owner);
      expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
      const saved: Array<Map<number, number>> = [];
      socket.on('board:saved', (event) => saved.push(Y.decodeStateVector(new Uint8Array(Buffer.from(event.stateVector, 'base64')))));
      const closes: number[] = [];
      writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
      const column = selectColumns(writer.doc).columns[0]!.id;
      const savedUpTo = (clock: number): boolean => saved.some((vector) => (vector.get(writer.doc.clientID) ?? 0) >= clock);

      createDeal(writer.doc, { columnId: column, title: 'before' }, userOrigin(owner.id));
      const before = Y.getState(writer.doc.store, writer.doc.clientID);
      await waitFor(() => savedUpTo(before), 'the first edit saved');

      await pg.stop('immediate');
      createDeal(writer.doc, { columnId: column, title: 'while down' }, userOrigin(owner.id));
      const whileDown = Y.getState(writer.doc.store, writer.doc.clientID);
      // The edit reached the room and its commit failed: nothing is announced while PostgreSQL is down.
      expect((await fetch(`${url}/api/ready`)).status).toBe(503);
      await api(url, owner, 'GET', `/api/boards/${boardId}`);
      expect(savedUpTo(whileDown)).toBe(false);
      await pg.start();

      await waitFor(() => savedUpTo(whileDown), 'the edit made while PostgreSQL was down saved', 15_000);
      expect(closes).toEqual([]);
      expect(writer.provider.wsconnected).toBe(true);
      const stored = await server.store.loadDocument(boardId);
      const doc = docFrom([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)]);
      expect(
        readDeals(doc)
          .map((d) => (d.invalid ? 'invalid' : d.title))
          .sort(),
      ).toEqual(['before', 'while down']);
      // Its activity once, as for any edit (the retried batch carried it; the failed one stored nothing).
      const events = await api<Array<{ type: string; data: { title?: string } }>>(url, owner, 'GET', `/api/boards/${boardId}/activity`);
      expect(
        events.body
          .filter((e) => e.type === 'deal.created')
          .map((e) => e.data.title ?? '')
          .sort(),
      ).toEqual(['before', 'while down']);
      socket.disconnect();
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('upgrading a PostgreSQL database', () => {
  it("gives every board's head the time of its last logged update (010_head_last_at): the next append is logged no earlier", async () => {
    const dir = await tempDir('tranche-pg-');
    const url = (await storeConfigFor(dir)).databaseUrl!;
    try {
      let store = await PostgresStore.open({ databaseUrl: url });
      const user = await store.createUser({ email: 'h@example.com', name: 'H', passwordHash: 'x' });
      await store.createBoard({ id: 'h1', name: 'H', ownerId: user.id });
      const doc = new Y.Doc();
      const append = (value: number, at: string) => {
        const before = Y.encodeStateVector(doc);
        doc.getMap('board').set('v', value);
        return store.appendUpdates('h1', [{ update: Y.encodeStateAsUpdate(doc, before), userId: user.id, at }]);
      };
      await append(1, '2026-01-01T10:00:05.000Z');
      await store.close();
      // As before 010: the head has no time of its own.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query("ALTER TABLE board_heads DROP COLUMN last_at; DELETE FROM migrations WHERE name = '010_head_last_at'");
      await client.end();
      store = await PostgresStore.open({ databaseUrl: url });
      try {
        // A process whose clock is behind: logged at the previous update's time.
        await append(2, '2026-01-01T10:00:03.000Z');
        expect((await store.listUpdates('h1')).map((u) => u.at)).toEqual(['2026-01-01T10:00:05.000Z', '2026-01-01T10:00:05.000Z']);
      } finally {
        await store.close();
      }
    } finally {
      await removeStoreFor(dir);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps sessions and tokens made before 003_account_hardening working, with a public id and full access', async () => {
    const dir = await tempDir('tranche-pg-');
    const url = (await storeConfigFor(dir)).databaseUrl!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The schema as 002 left it, with one user, one session and one token in it.
      await client.query('CREATE TABLE migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
      for (const m of PG_MIGRATIONS.filter((m) => m.id <= 2)) {
        await client.query(m.sql);
        await client.query('INSERT INTO migrations VALUES ($1, $2, $3)', [m.id, m.name, new Date().toISOString()]);
      }
      const at = new Date().toISOString();
      const expires = new Date(Date.now() + 60_000).toISOString();
      await client.query("INSERT INTO users VALUES ('u1', 'old@example.com', 'Old', 'x', $1)", [at]);
      await client.query("INSERT INTO sessions VALUES ('session-hash', 'u1', $1, $2)", [at, expires]);
      await client.query("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ('t1', 'u1', 'ci', 'token-hash', $1)", [at]);

      const store = await PostgresStore.open({ databaseUrl: url });
      try {
        expect(store.fresh).toBe(false);
        const session = await store.getSession('session-hash');
        expect(session?.user.id).toBe('u1');
        expect(session?.session).toMatchObject({ createdAt: at, lastSeenAt: at, userAgent: '' });
        expect(session?.session.id).toMatch(/^[0-9a-f]{24}$/);
        expect(await store.deleteUserSession('u1', session!.session.id)).toBe('session-hash');
        expect((await store.getApiToken('token-hash'))?.token).toMatchObject({ id: 't1', access: 'write', boardId: null, expiresAt: null, lastUsedAt: null });
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
      await removeStoreFor(dir);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
