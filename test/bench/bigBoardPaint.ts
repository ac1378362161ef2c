/**
 * A board at the deal limit (10,000 deals with every contract field, notes and two comments
 * each, the big section's seeding) opened cold on the compiled server, and shown in headless
 * Chromium, with where the time goes:
 *  - server: a new client's connect-to-synced after a restart, and the longest event-loop
 *    block meanwhile (monitorEventLoopDelay through /metrics);
 *  - browser, first visit (a fresh context: no device copy) and repeat visit (the device's
 *    IndexedDB copy and the HTTP cache): when the session check was sent, when the document socket opened, when the server's
 *    state arrived, Y.applyUpdate of it (`board:apply:*` measures, lib/loadMarks.ts), the
 *    update listeners after it (`board:after-apply:*`), the selectors (`board:tags`, `board:deals`, `board:lanes`: the
 *    first read parses every deal), `board:preview` (the server's preview painted: the board
 *    shown, stages, totals and first cards, while the document is on its way) and
 *    `board:rendered` (the frame after the synced board's first render, cards included).
 * With BENCH_BASELINE_DIR (an older checkout, its client built), every cold load and visit is
 * measured on it and on this checkout in turn, so the two compare under the same load.
 * BENCH_BIG_DATA=<dir> keeps the seeded data there and reuses it on the next run; BENCH_COLD_RUNS
 * and BENCH_PAINT_RUNS (3 each) set how many cold loads and browser visits are measured.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../../server/src/cli/buildClient';
import { api, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { launchBrowser, openAs } from '../helpers/browser';
import { fill, scrape, waitForDeals } from './bigBoard';
import { startTranche, type RunningProcess } from './processes';

const round = (v: number, digits = 0) => Math.round(v * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => round(loadavg()[0] ?? NaN, 1);

interface Seeded {
  owner: TestUser;
  boardId: string;
  deals: number;
  documentMiB: number;
}

/** Which server (and client) a figure is of: this checkout or the BENCH_BASELINE_DIR one. */
export type Build = 'this' | 'baseline';

const builds = (): Build[] => (process.env.BENCH_BASELINE_DIR ? ['baseline', 'this'] : ['this']);
const startBuild = (build: Build, dataDir: string) => startTranche({ dataDir, baselineDir: build === 'this' ? null : undefined });

export interface ColdLoad {
  build: Build;
  /** Connect to synced: the first client's answer (an early answer while the room still loads). */
  ms: number;
  /** Connect until the room was loaded (the board's details answered, which waits for the room). */
  roomMs: number;
  /** A second client's connect to synced once the room is loaded: the part of `ms` a warm board costs too (mostly the client's own decode of the state). */
  warmMs: number;
  loopMaxMs: number;
  load: number;
}

export interface PaintRun {
  build: Build;
  visit: 'first' | 'repeat';
  /** ms from navigation start; NaN when it did not happen (a repeat visit may need no state). */
  /** When the session check (GET /api/auth/me, the first request the app makes) was sent. */
  sessionAsked: number;
  /** When the board's details (GET /api/boards/:id, before the board opens) had arrived. */
  detailsArrived: number;
  socketCreated: number;
  socketOpen: number;
  stateArrived: number;
  stateMiB: number;
  applyServerMs: number;
  afterApplyServerMs: number;
  applyLocalCopyMs: number;
  afterApplyLocalCopyMs: number;
  /** The first long reads of the tags, deals and lanes selectors (the first one parses every deal). */
  lanesMs: number;
  /** `board:preview`: the server's preview painted (stages, totals, first cards), before the document synced; NaN when the board came first. */
  preview: number;
  rendered: number;
  /** The page's main-thread CPU time from the navigation's commit until `board:rendered` was seen. */
  mainCpuMs: number;
  cards: number;
  load: number;
}

async function seed(deals: number, dataDir: string): Promise<Seeded> {
  const file = path.join(dataDir, 'bench-seed.json');
  if (existsSync(file)) {
    const seeded = JSON.parse(readFileSync(file, 'utf8')) as Seeded;
    if (seeded.deals === deals) return seeded;
  }
  const server = await startTranche({ dataDir });
  try {
    const owner = await createUser(server.url, 'Bench');
    const boardId = await createBoard(server.url, owner, 'Big board');
    const writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    for (let from = 0; from < deals; from += 200) {
      fill(writer.doc, owner, from, Math.min(deals, from + 200));
      await sleep(0);
    }
    await waitForDeals(server, owner, boardId, deals, 30 * 60_000);
    const seeded = { owner, boardId, deals, documentMiB: round(Y.encodeStateAsUpdate(writer.doc).byteLength / 2 ** 20, 1) };
    writer.destroy();
    writeFileSync(file, JSON.stringify(seeded));
    return seeded;
  } finally {
    await server.stop();
  }
}

async function coldLoad(build: Build, dataDir: string, seeded: Seeded): Promise<ColdLoad> {
  const server = await startBuild(build, dataDir);
  try {
    await scrape(server);
    const before = load();
    const t = performance.now();
    const client = connectDoc(server.url, seeded.owner, seeded.boardId);
    await client.synced;
    const ms = Math.round(performance.now() - t);
    // The client may be answered before the room is loaded: the longest block counts the whole load.
    await api(server.url, seeded.owner, 'GET', `/api/boards/${encodeURIComponent(seeded.boardId)}`);
    const roomMs = Math.round(performance.now() - t);
    const loopMaxMs = (await scrape(server)).loopMaxMs;
    const tWarm = performance.now();
    const second = connectDoc(server.url, seeded.owner, seeded.boardId);
    await second.synced;
    const warmMs = Math.round(performance.now() - tWarm);
    second.destroy();
    client.destroy();
    return { build, ms, roomMs, warmMs, loopMaxMs, load: before };
  } finally {
    await server.stop();
  }
}

/** Records, for the page's document sockets, when each opened and when the first large message (the board's state) came in. */
function watchDocumentSockets(): void {
  const Native = window.WebSocket;
  const records: Array<{ created: number; open: number; stateArrived: number; stateBytes: number }> = [];
  (window as unknown as { __sockets: typeof records }).__sockets = records;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (!String(url).includes('/yjs')) return;
      const record = { created: performance.now(), open: NaN, stateArrived: NaN, stateBytes: 0 };
      records.push(record);
      this.addEventListener('open', () => (record.open = performance.now()));
      this.addEventListener('message', (e: MessageEvent<ArrayBuffer | string>) => {
        const bytes = typeof e.data === 'string' ? e.data.length : e.data.byteLength;
        if (bytes > 64 * 1024 && Number.isNaN(record.stateArrived)) {
          record.stateArrived = performance.now();
          record.stateBytes = bytes;
        }
      });
    }
  };
}

/** Whether this device's copy of the board holds (nearly) all of the state the server sent. */
async function deviceCopyStored(boardId: string): Promise<boolean> {
  const sent = (window as unknown as { __sockets: Array<{ stateBytes: number }> }).__sockets[0]?.stateBytes ?? 0;
  const name = `tranche-board-${boardId}`;
  // Opening a database that is not there would make one.
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return false;
  const stored = await new Promise<number>((resolve) => {
    const open = indexedDB.open(name);
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('updates')) return resolve(0);
      const all = db.transaction('updates').objectStore('updates').getAll();
      all.onsuccess = () => {
        resolve((all.result as Uint8Array[]).reduce((sum, update) => sum + update.byteLength, 0));
        db.close();
      };
      all.onerror = () => resolve(0);
    };
  });
  return sent > 0 && stored >= sent * 0.9;
}

async function paint(build: Build, page: Page, url: string, boardId: string, visit: PaintRun['visit']): Promise<PaintRun> {
  const before = load();
  await page.goto(`${url}/#/b/${encodeURIComponent(boardId)}`, { waitUntil: 'commit' });
  // The page's main-thread CPU time, which a loaded machine stretches less than the wall clock.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpuMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
  const cpuAtStart = await cpuMs();
  await page.locator('.lanes .card').first().waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => performance.getEntriesByName('board:rendered').length > 0, undefined, { timeout: 60_000 });
  const mainCpuMs = (await cpuMs()) - cpuAtStart;
  await cdp.detach();
  // The server's state may still be on its way on a repeat visit; give it a moment to land (not measured).
  await page.waitForTimeout(visit === 'repeat' ? 3_000 : 500);
  // A repeat visit is one with the device's copy: the first visit stores it once the page is idle.
  if (visit === 'first') await page.waitForFunction(deviceCopyStored, boardId, { timeout: 60_000, polling: 250 });
  const marks = await page.evaluate(() => {
    const total = (name: string) => performance.getEntriesByName(name).reduce((sum, e) => sum + e.duration, 0) || NaN;
    const socket = (window as unknown as { __sockets: Array<{ created: number; open: number; stateArrived: number; stateBytes: number }> }).__sockets[0];
    const details = performance.getEntriesByType('resource').find((e) => /\/api\/boards\/[^/]+$/.test(e.name)) as PerformanceResourceTiming | undefined;
    const session = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/auth/me'));
    return {
      sessionAsked: session?.startTime ?? NaN,
      detailsArrived: details?.responseEnd ?? NaN,
      socketCreated: socket?.created ?? NaN,
      socketOpen: socket?.open ?? NaN,
      stateArrived: socket?.stateArrived ?? NaN,
      stateBytes: socket?.stateBytes ?? 0,
      applyServerMs: total('board:apply:server'),
      afterApplyServerMs: total('board:after-apply:server'),
      applyLocalCopyMs: total('board:apply:local-copy'),
      afterApplyLocalCopyMs: total('board:after-apply:local-copy'),
      lanesMs: ['board:tags', 'board:deals', 'board:lanes'].reduce((sum, name) => sum + (performance.getEntriesByName(name)[0]?.duration ?? 0), 0),
      preview: performance.getEntriesByName('board:preview')[0]?.startTime ?? NaN,
      rendered: performance.getEntriesByName('board:rendered')[0]?.startTime ?? NaN,
      cards: document.querySelectorAll('.lanes .card').length,
    };
  });
  return {
    build,
    visit,
    sessionAsked: round(marks.sessionAsked),
    detailsArrived: round(marks.detailsArrived),
    socketCreated: round(marks.socketCreated),
    socketOpen: round(marks.socketOpen),
    stateArrived: round(marks.stateArrived),
    stateMiB: round(marks.stateBytes / 2 ** 20, 1),
    applyServerMs: round(marks.applyServerMs),
    afterApplyServerMs: round(marks.afterApplyServerMs),
    applyLocalCopyMs: round(marks.applyLocalCopyMs),
    afterApplyLocalCopyMs: round(marks.afterApplyLocalCopyMs),
    lanesMs: round(marks.lanesMs),
    preview: round(marks.preview),
    rendered: round(marks.rendered),
    mainCpuMs: round(mainCpuMs),
    cards: marks.cards,
    load: before,
  };
}

async function paintRuns(build: Build, dataDir: string, seeded: Seeded, runs: number): Promise<PaintRun[]> {
  ensureClientBuilt();
  const server: RunningProcess = await startBuild(build, dataDir);
  const browser = await launchBrowser();
  // Keeps the board open on the server: these runs measure the browser, not the cold load.
  const keeper = connectDoc(server.url, seeded.owner, seeded.boardId);
  try {
    await keeper.synced;
    // A cold board answers its first client before its room is loaded: read it once, so the room is.
    await api(server.url, seeded.owner, 'GET', `/api/boards/${encodeURIComponent(seeded.boardId)}`);
    const results: PaintRun[] = [];
    for (let run = 0; run < runs; run++) {
      const person = await openAs(browser, server.url, seeded.owner);
      person.page.setDefaultTimeout(120_000);
      // tsx keeps function names with an `__name` helper the page does not have.
      await person.context.addInitScript({ content: 'window.__name = (f) => f;' });
      await person.context.addInitScript(watchDocumentSockets);
      results.push(await paint(build, person.page, server.url, seeded.boardId, 'first'));
      await person.page.goto('about:blank');
      results.push(await paint(build, person.page, server.url, seeded.boardId, 'repeat'));
      await person.context.close();
    }
    return results;
  } finally {
    keeper.destroy();
    await browser.close();
    await server.stop();
  }
}

/**
 * Seeds (or reuses, with BENCH_BIG_DATA) the board, then hands each phase's figures to
 * `report` as soon as they are measured.
 */
export async function measureBigBoardPaint(
  deals: number,
  report: { seeded(s: Seeded): void; cold(c: ColdLoad[]): void; paints(p: PaintRun[]): void },
  options = { coldRuns: Number(process.env.BENCH_COLD_RUNS ?? 3), paintRuns: Number(process.env.BENCH_PAINT_RUNS ?? 3) },
): Promise<void> {
  const kept = process.env.BENCH_BIG_DATA;
  const dataDir = kept ? path.resolve(kept) : mkdtempSync(path.join(tmpdir(), 'tranche-bench-paint-'));
  mkdirSync(dataDir, { recursive: true });
  try {
    const seeded = await seed(deals, dataDir);
    report.seeded(seeded);
    const cold: ColdLoad[] = [];
    for (let run = 0; run < options.coldRuns; run++) for (const build of builds()) cold.push(await coldLoad(build, dataDir, seeded));
    report.cold(cold);
    const paints: PaintRun[] = [];
    for (let run = 0; run < options.paintRuns; run++) for (const build of builds()) paints.push(...(await paintRuns(build, dataDir, seeded, 1)));
    report.paints(paints);
  } finally {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}
