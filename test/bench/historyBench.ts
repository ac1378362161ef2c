/**
 * `npm run bench -- history`: time travel on a board with 500,000 updates in its log
 * (BENCH_HISTORY_UPDATES to change it; 200 deals edited over a year, one mutation per update,
 * a snapshot every 500 updates when due, as a room compacts). Prints the p50/p95 of GET history/state's
 * work at random moments, the time of GET history/changes across the board's whole life, and
 * the board's cold load (the compiled server restarted on that data, a new client's
 * connect-to-synced, and the longest event-loop block meanwhile), on SQLite and PostgreSQL,
 * with what the board keeps on disk (database size, snapshots kept and their bytes, log bytes).
 * Its data lives in one temp dir, removed at the end, on Ctrl-C / SIGTERM, and (left by a
 * killed run) at the next run's start.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as Y from 'yjs';
import { addComment, createDeal, initBoard, moveDeal, updateDeal, userOrigin } from '../../shared/src/board';
import { changesBetween } from '../../server/src/history/changesBetween';
import { encodeHistorySnapshot } from '../../server/src/history/historySnapshot';
import { stateAt } from '../../server/src/http/history';
import { createStore } from '../../server/src/store/index';
import { snapshotDue } from '../../server/src/store/snapshotDue';
import { DB_FILE } from '../../server/src/store/sqlite/SqliteStore';
import type { NewUpdate, Store } from '../../server/src/store/Store';
import { startPostgres } from '../helpers/postgres';
import { connectDoc, createUser } from '../helpers/clients';
import { scrape } from './bigBoard';
import { startTranche } from './processes';

const UPDATES = Number(process.env.BENCH_HISTORY_UPDATES ?? 500_000);
/** BENCH_HISTORY_SNAPSHOTS=every: a snapshot at every compaction, as before snapshotDue (to see the retention rule alone). */
const EVERY_SNAPSHOT = process.env.BENCH_HISTORY_SNAPSHOTS === 'every';
const DEALS = 200;
const COMPACT_EVERY = 500;
const START = Date.parse('2025-01-01T00:00:00.000Z');
const SPAN_MS = 365 * 24 * 3600 * 1000;

/** A seeded generator, so every run logs the same board. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * Logs the board update by update (each update one mutation, at evenly spread times), in
 * batches of COMPACT_EVERY, each followed by the snapshot and history form compaction would
 * write when it is due (store/snapshotDue.ts; taken from the generating document, which is
 * the same state, to keep the bench's set-up short). The store thins them as it writes them.
 */
async function fill(store: Store, userId: string): Promise<{ boardId: string; written: { snapshots: number; bytes: number } }> {
  const boardId = 'history-bench';
  await store.createBoard({ id: boardId, name: 'Bench', ownerId: userId });
  const doc = new Y.Doc();
  const origin = userOrigin(userId);
  let batch: NewUpdate[] = [];
  let logged = 0;
  let at = '';
  doc.on('update', (update: Uint8Array) => batch.push({ update, userId, at }));
  let snapshotBytes = 0;
  let tailBytes = 0;
  /** What compaction wrote (the write amplification), whatever the store keeps of it. */
  const written = { snapshots: 0, bytes: 0 };
  const flush = async () => {
    const seq = await store.appendUpdates(boardId, batch);
    logged += batch.length;
    tailBytes += batch.reduce((sum, u) => sum + u.update.length, 0);
    batch = [];
    if (!EVERY_SNAPSHOT && !snapshotDue(snapshotBytes, tailBytes)) return;
    const state = Y.encodeStateAsUpdate(doc);
    const history = encodeHistorySnapshot(doc);
    await store.writeSnapshot(boardId, seq, state, history);
    written.snapshots += 1;
    written.bytes += state.length + history.length;
    snapshotBytes = state.length;
    tailBytes = 0;
  };
  const rand = random(42);
  const time = () => new Date(START + Math.floor(((logged + batch.length) / UPDATES) * SPAN_MS)).toISOString();
  at = time();
  const init = initBoard(doc, { name: 'Bench', currency: 'USD', template: 'pipeline' }, origin);
  if (!init.ok) throw new Error(init.error.message);
  const columns = init.value.columnIds;
  const deals: string[] = [];
  for (let i = 0; i < DEALS; i++) {
    at = time();
    const made = createDeal(doc, { columnId: columns[i % 4]!, title: `Deal ${i}`, amount: 1_000_000 * (i + 1) }, origin, { now: new Date(at) });
    if (made.ok) deals.push(made.value.dealId);
  }
  while (logged + batch.length < UPDATES) {
    at = time();
    const now = { now: new Date(at) };
    const dealId = deals[Math.floor(rand() * deals.length)]!;
    const pick = rand();
    if (pick < 0.3) moveDeal(doc, { dealId, toColumnId: columns[Math.floor(rand() * columns.length)]! }, origin, now);
    else if (pick < 0.6) updateDeal(doc, { dealId, patch: { amount: Math.round(rand() * 1e9) } }, origin, now);
    else if (pick < 0.9) updateDeal(doc, { dealId, patch: { title: `Deal ${dealId.slice(0, 4)} ${logged + batch.length}` } }, origin, now);
    else addComment(doc, { dealId, body: `Note ${logged + batch.length}` }, origin, now);
    if (batch.length >= COMPACT_EVERY) await flush();
  }
  if (batch.length > 0) await flush();
  return { boardId, written };
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

/** What the board keeps: snapshots (count, bytes of state + history form) and log bytes, as one table cell group. */
interface Storage {
  databaseBytes: number;
  snapshots: number;
  snapshotBytes: number;
  logBytes: number;
}

const STORAGE_SQL = {
  snapshots: 'SELECT COUNT(*) AS n, COALESCE(SUM(length(state) + COALESCE(length(history_state), 0)), 0) AS bytes FROM doc_snapshots',
  log: 'SELECT COALESCE(SUM(length("update")), 0) AS bytes FROM doc_updates',
};

async function storageOf(place: Place): Promise<Storage> {
  if (place.databaseUrl) {
    const client = new pg.Client(place.databaseUrl);
    await client.connect();
    try {
      const one = async (sql: string) => (await client.query(sql)).rows[0] as Record<string, string>;
      const snapshots = await one(STORAGE_SQL.snapshots);
      const log = await one(STORAGE_SQL.log);
      const size = await one('SELECT pg_database_size(current_database()) AS bytes');
      return { databaseBytes: Number(size.bytes), snapshots: Number(snapshots.n), snapshotBytes: Number(snapshots.bytes), logBytes: Number(log.bytes) };
    } finally {
      await client.end();
    }
  }
  const file = path.join(place.dataDir, DB_FILE);
  const db = new Database(file, { readonly: true });
  try {
    const snapshots = db.prepare(STORAGE_SQL.snapshots).get() as { n: number; bytes: number };
    const log = db.prepare(STORAGE_SQL.log).get() as { bytes: number };
    const sizes = await Promise.all(
      ['', '-wal'].map((suffix) =>
        fs.stat(file + suffix).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return { databaseBytes: sizes[0]! + sizes[1]!, snapshots: snapshots.n, snapshotBytes: snapshots.bytes, logBytes: log.bytes };
  } finally {
    db.close();
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

const COLD_RUNS = 3;

/** Where the board lives: the data dir (SQLite), and PostgreSQL's URL when it is there. */
interface Place {
  dataDir: string;
  databaseUrl?: string;
}

/**
 * Fills the board (its owner signed up through a real server first, so a client can open it
 * later), times history reads on the store, then restarts the compiled server on the same data
 * COLD_RUNS times and opens the board with a new y-websocket client each time.
 */
async function measure(label: string, place: Place): Promise<string> {
  let server = await startTranche(place);
  const owner = await createUser(server.url, 'Bench').finally(() => server.stop());
  const store = await createStore({ dataDir: place.dataDir, sqliteBusyTimeoutMs: 5_000, ...(place.databaseUrl ? { databaseUrl: place.databaseUrl } : {}) });
  const filling = performance.now();
  let states: number[];
  let changes: number[];
  let count = 0;
  let boardId: string;
  let written: { snapshots: number; bytes: number };
  try {
    ({ boardId, written } = await fill(store, owner.id));
    console.error(`${label}: ${UPDATES.toLocaleString('en')} updates logged in ${Math.round((performance.now() - filling) / 1000)} s`);
    ({ states, changes, count } = await timeHistory(store, boardId));
  } finally {
    await store.close();
  }
  const kept = await storageOf(place);
  const cold: number[] = [];
  const loop: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    server = await startTranche(place);
    try {
      await scrape(server);
      const started = performance.now();
      const client = connectDoc(server.url, owner, boardId);
      await client.synced;
      cold.push(Math.round(performance.now() - started));
      client.destroy();
      loop.push(Math.round((await scrape(server)).loopMaxMs));
    } finally {
      await server.stop();
    }
  }
  const median = (values: number[]) => percentile(values, 0.5);
  return `| ${label} | ${UPDATES.toLocaleString('en')} | ${round(percentile(states, 0.5))} | ${round(percentile(states, 0.95))} | ${round(percentile(changes, 0.5))} (${count} changes) | ${median(cold)} (${cold.join(', ')}) | ${median(loop)} | ${mib(kept.databaseBytes)} | ${written.snapshots} (${mib(written.bytes)}) | ${kept.snapshots} (${mib(kept.snapshotBytes)}) | ${mib(kept.logBytes)} |`;
}

async function timeHistory(store: Store, boardId: string): Promise<{ states: number[]; changes: number[]; count: number }> {
  const rand = random(7);
  const states: number[] = [];
  for (let i = 0; i < 40; i++) {
    const at = new Date(START + Math.floor(rand() * SPAN_MS)).toISOString();
    const started = performance.now();
    await stateAt(store, boardId, at);
    states.push(performance.now() - started);
  }
  const changes: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const report = await changesBetween(store, boardId, '2024-12-31T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    changes.push(performance.now() - started);
    count = report.changes.length;
  }
  return { states, changes, count };
}

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

export async function historySection(): Promise<void> {
  console.log(
    `\n## History: a board with ${UPDATES.toLocaleString('en')} updates in its log (compaction asked every ${COMPACT_EVERY}, a snapshot ${EVERY_SNAPSHOT ? 'each time' : 'when due'})\n`,
  );
  console.log(
    '| store | updates | state p50 ms (target < 300) | state p95 ms | changes, whole life, ms (target < 1000) | cold load ms (target < 1000) | longest loop block ms (target < 50) | database MiB | snapshots written (MiB) | snapshots kept (MiB) | log MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  await removeLeftovers();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), DATA_PREFIX));
  await fs.writeFile(path.join(dataDir, OWNER_FILE), String(process.pid));
  let postgres: Awaited<ReturnType<typeof startPostgres>> | null = null;
  const cleanUp = async () => {
    await postgres?.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  // A stopped run must not leave gigabytes behind: clean up, then exit as the signal would.
  const onSignal = (signal: NodeJS.Signals) => void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    postgres = await startPostgres({ durable: true });
    console.log(await measure('SQLite', { dataDir }));
    console.log(await measure('PostgreSQL', { dataDir, databaseUrl: await createDatabase(postgres.adminUrl, 'bench_history') }));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

const DATA_PREFIX = 'tranche-bench-history-';

/** Each run's data dir names the process that made it, so a later run can tell a leftover from a run in progress. */
const OWNER_FILE = 'bench.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data dirs of earlier runs killed before they could remove them (SIGKILL, a crash); never one whose run is still going. */
async function removeLeftovers(): Promise<void> {
  for (const name of await fs.readdir(os.tmpdir())) {
    if (!name.startsWith(DATA_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    const owner = Number(await fs.readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => 'NaN'));
    if (!Number.isInteger(owner) || alive(owner)) continue;
    console.error(`removing ${dir}, left by a run that was killed`);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
