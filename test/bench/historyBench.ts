/**
 * `npm run bench -- history`: time travel on a board with 100,000 updates in its log
 * (200 deals edited over a year, one mutation per update, a snapshot every 500 updates as a
 * room compacts). Prints the p50/p95 of GET history/state's work at random moments and the time
 * of GET history/changes across the board's whole life, on SQLite and PostgreSQL.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { addComment, createDeal, initBoard, moveDeal, updateDeal, userOrigin } from '../../shared/src/board';
import { changesBetween } from '../../server/src/history/changesBetween';
import { encodeHistorySnapshot } from '../../server/src/history/historySnapshot';
import { stateAt } from '../../server/src/http/history';
import { createStore } from '../../server/src/store/index';
import type { NewUpdate, Store } from '../../server/src/store/Store';
import { startPostgres } from '../helpers/postgres';

const UPDATES = 100_000;
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
 * write (taken from the generating document, which is the same state, to keep the bench's
 * set-up short).
 */
async function fill(store: Store, userId: string): Promise<string> {
  const boardId = 'history-bench';
  await store.createBoard({ id: boardId, name: 'Bench', ownerId: userId });
  const doc = new Y.Doc();
  const origin = userOrigin(userId);
  let batch: NewUpdate[] = [];
  let logged = 0;
  let at = '';
  doc.on('update', (update: Uint8Array) => batch.push({ update, userId, at }));
  const flush = async () => {
    const seq = await store.appendUpdates(boardId, batch);
    logged += batch.length;
    batch = [];
    await store.writeSnapshot(boardId, seq, Y.encodeStateAsUpdate(doc), encodeHistorySnapshot(doc));
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
  return boardId;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function measure(label: string, store: Store): Promise<string> {
  const user = await store.createUser({ email: 'bench@example.com', name: 'Bench', passwordHash: 'x' });
  const boardId = await fill(store, user.id);
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
  return `| ${label} | ${UPDATES.toLocaleString('en')} | ${round(percentile(states, 0.5))} | ${round(percentile(states, 0.95))} | ${round(percentile(changes, 0.5))} (${count} changes) |`;
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
  console.log(`\n## History: a board with ${UPDATES.toLocaleString('en')} updates in its log (snapshot every ${COMPACT_EVERY})\n`);
  console.log('| store | updates | state p50 ms (target < 300) | state p95 ms | changes, whole life, ms (target < 1000) |');
  console.log('|---|---|---|---|---|');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tranche-bench-history-'));
  const postgres = await startPostgres({ durable: true });
  try {
    const sqlite = await createStore({ dataDir, sqliteBusyTimeoutMs: 5_000 });
    console.log(await measure('SQLite', sqlite).finally(() => sqlite.close()));
    const onPostgres = await createStore({ dataDir, sqliteBusyTimeoutMs: 5_000, databaseUrl: await createDatabase(postgres.adminUrl, 'bench_history') });
    console.log(await measure('PostgreSQL', onPostgres).finally(() => onPostgres.close()));
  } finally {
    await postgres.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
