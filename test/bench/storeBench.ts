/**
 * `npm run bench -- store`: SQLite against PostgreSQL in the same run.
 *  - edit propagation (100 clients, 5 writers x 10 edits/s) through a server on each store;
 *  - commits per second straight into each store: one board (one room commits one batch
 *    at a time) and 100 boards (100 rooms committing at once).
 * PostgreSQL is a throwaway server started here (test/helpers/postgres.ts) with the
 * default fsync=on durability settings of a real install, except it listens on 127.0.0.1.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { createStore } from '../../server/src/store/index';
import type { Store } from '../../server/src/store/Store';
import { startPostgres } from '../helpers/postgres';
import { startTranche } from './processes';
import { measureLatency, type LatencyOptions, type LatencyResult } from './syncLatency';

/** A fresh database on the bench's PostgreSQL server. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Real Yjs updates, one deal title each, like a room's batches of one. */
function makeUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('deals').set(`deal-${i}`, `Amazon in talks to invest up to $50B in OpenAI #${i}`);
  return updates;
}

/** Commits per second with `boards` boards, each appending one update per transaction in sequence, for `seconds`. */
async function commitsPerSecond(store: Store, boards: number, seconds: number, tag: string): Promise<number> {
  const user = await store.createUser({ email: `bench-${tag}-${boards}@example.com`, name: 'Bench', passwordHash: 'x' });
  const ids = Array.from({ length: boards }, (_, i) => `bench-${tag}-${boards}-${i}`);
  for (const id of ids) await store.createBoard({ id, name: id, ownerId: user.id });
  const updates = makeUpdates(20_000);
  const deadline = Date.now() + seconds * 1_000;
  const started = Date.now();
  let commits = 0;
  await Promise.all(
    ids.map(async (id) => {
      let i = 0;
      while (Date.now() < deadline) {
        await store.appendUpdates(id, [{ update: updates[i++ % updates.length]!, userId: user.id, at: new Date().toISOString() }]);
        commits++;
      }
    }),
  );
  return Math.round(commits / ((Date.now() - started) / 1_000));
}

export async function storeSection(options: LatencyOptions): Promise<void> {
  const postgres = await startPostgres({ durable: true });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tranche-bench-store-'));
  try {
    console.log(`\n## Stores: SQLite vs PostgreSQL\n`);
    console.log(`### Edit propagation: ${options.clients} clients, ${options.writers} writers x ${options.editsPerSecond} edits/s, ${options.seconds} s\n`);
    const results: LatencyResult[] = [];
    const sqlite = await startTranche();
    results.push(await measureLatency('Tranche on SQLite', sqlite, 'tranche', options).finally(() => sqlite.stop()));
    const onPostgres = await startTranche({ databaseUrl: await createDatabase(postgres.adminUrl, 'bench_latency') });
    results.push(await measureLatency('Tranche on PostgreSQL', onPostgres, 'tranche', options).finally(() => onPostgres.stop()));
    console.log('| store | samples | p50 ms | p99 ms | mean ms | server RSS MiB |');
    console.log('|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.label} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.mean} | ${r.serverRssMiB} |`);

    const seconds = Math.max(3, Math.round(options.seconds / 3));
    console.log(`\n### Durable commits per second (one update per transaction, ${seconds} s each)\n`);
    console.log('| store | 1 board | 100 boards |');
    console.log('|---|---|---|');
    const stores: [string, () => Promise<Store>][] = [
      ['SQLite (WAL, synchronous=FULL)', () => createStore({ dataDir, sqliteBusyTimeoutMs: 5_000 })],
      [
        'PostgreSQL (synchronous_commit=on)',
        async () => createStore({ dataDir, sqliteBusyTimeoutMs: 5_000, databaseUrl: await createDatabase(postgres.adminUrl, 'bench_commits') }),
      ],
    ];
    for (const [label, open] of stores) {
      const store = await open();
      try {
        const one = await commitsPerSecond(store, 1, seconds, 'one');
        const hundred = await commitsPerSecond(store, 100, seconds, 'hundred');
        console.log(`| ${label} | ${one} | ${hundred} |`);
      } finally {
        await store.close();
      }
    }
  } finally {
    await postgres.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
