/**
 * The table view with 10,000 deals in headless Chromium: time until the first rows show,
 * frame times while scrolling (one scroll step per animation frame) the whole table top to
 * bottom, then across at the same speed (a horizontal fling) and from edge to edge every frame
 * (a jump), how long seeding them through the CSV import takes, and what a remote edit of one
 * deal repaints (time until its cell shows the new value, how many rows the DOM changed in and
 * how many row components re-rendered). Run: `npx tsx test/bench/tableScroll.ts [deals] [--trace <file>]`.
 * `--trace <file>` also records a Chromium performance trace of each scroll (`<file>` for the
 * vertical one, `<file>.fling.json` and `<file>.jump.json`) and prints each one's CPU per frame:
 * the main thread's by phase (script, style, layout, paint, …) and the other threads'. Open a
 * trace in DevTools' Performance panel, or summarise it with `npx tsx test/bench/traceSummary.ts <file>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import { updateDeal } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { ensureClientBuilt } from '../../server/src/cli/buildClient';
import { startServer } from '../helpers/startServer';
import { api, connectDoc, createBoard, createUser } from '../helpers/clients';
import { launchBrowser, openAs } from '../helpers/browser';
import { readTrace, traceFigures, type TraceFigures } from './traceSummary';

/** A CSV of `count` deals over five stages, seeded through the import endpoint (one transaction). */
function csvOf(count: number): string {
  const stages = ['Rumoured', 'In talks', 'Agreed', 'Regulatory review', 'Closed'];
  const lines = ['Title,Acquirer,Target,Amount,Stage,Tags,Expected close'];
  for (let i = 0; i < count; i++)
    lines.push(
      `Deal ${i}: Company ${i % 97} invests in Startup ${i},Company ${i % 97},Startup ${i},${(i % 50) * 1e8 + 1e6},${stages[i % 5]},${i % 2 ? 'AI' : 'cloud'},2026-0${(i % 9) + 1}-15`,
    );
  return lines.join('\n');
}

/** What DevTools' Performance panel records: main-thread tasks, layout, paint, and JS samples. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'cc',
  'gpu',
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

function summary(frames: number[]): { frames: number; median: number; p95: number; over16_7ms: number; over33ms: number } {
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    frames: frames.length,
    median: +quantile(sorted, 0.5).toFixed(1),
    p95: +quantile(sorted, 0.95).toFixed(1),
    // A frame of a 60 Hz display lasts 16.7 ms; rAF intervals jitter around it, so count from 17.5 ms.
    over16_7ms: frames.filter((f) => f > 17.5).length,
    over33ms: frames.filter((f) => f > 33.4).length,
  };
}

type ScrollKind = 'vertical' | 'fling' | 'jump';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const traceAt = args.indexOf('--trace');
  const tracePath = traceAt >= 0 ? args[traceAt + 1] : undefined;
  if (traceAt >= 0 && !tracePath) throw new Error('--trace needs a file name');
  const positional = args.filter((_, i) => traceAt < 0 || (i !== traceAt && i !== traceAt + 1));
  const deals = Number(positional[0] ?? 10_000);
  if (!Number.isInteger(deals) || deals < 1) throw new Error(`deals must be a positive whole number, not ${positional[0]}`);
  const loadAtStart = os.loadavg().map((l) => +l.toFixed(1));
  ensureClientBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const owner = await createUser(server.url, 'Bench');
    const boardId = await createBoard(server.url, owner, 'Big board');
    const importStarted = Date.now();
    const imported = await fetch(`${server.url}/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}`, Origin: server.url, 'Content-Type': 'text/csv' },
      body: csvOf(deals),
    });
    if (imported.status !== 200) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    const importMs = Date.now() - importStarted;
    const { body } = await api<{ dealCount: number }>(server.url, owner, 'GET', `/api/boards/${boardId}`);
    if (body.dealCount !== deals) throw new Error(`server has ${body.dealCount} deals`);
    const writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    const { page } = await openAs(browser, server.url, owner, { viewport: { width: 1440, height: 900 }, debug: true });
    const started = Date.now();
    await page.goto(`${server.url}/#/b/${boardId}/table`);
    await page.locator('.table-row').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = Date.now() - started;
    const rowsInDom = await page.locator('.table-row').count();

    // Each scroll runs in its own page.evaluate, traced apart when asked.
    const traced: Partial<Record<ScrollKind, TraceFigures>> = {};
    const scroll = async (kind: ScrollKind): Promise<number[]> => {
      if (tracePath) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      // No named functions inside: tsx would wrap them in a helper the page does not have.
      const frames = await page.evaluate(async (kind) => {
        const el = document.querySelector<HTMLElement>('.table-scroll');
        if (!el) throw new Error('no table');
        const step = 120; // px per frame: ~7,200 px/s at 60 fps, a fast fling
        // Each frame's scroll position: top to bottom; left edge to right edge and back at the
        // same speed, five times; or from the left edge to 2,000 px and back every frame (all columns change).
        const positions: Array<{ top?: number; left?: number }> = [];
        if (kind === 'vertical') {
          el.scrollTo({ top: 0, left: 0 });
          for (let top = step; top < el.scrollHeight - el.clientHeight + step; top += step) positions.push({ top });
        } else if (kind === 'fling') {
          const right = el.scrollWidth - el.clientWidth;
          for (let trip = 0; trip < 5; trip++) {
            for (let left = step; left < right + step; left += step) positions.push({ left });
            for (let left = right - step; left > -step; left -= step) positions.push({ left });
          }
        } else for (let i = 0; i < 200; i++) positions.push({ left: i % 2 ? 0 : 2_000 });
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const out: number[] = [];
        let last = performance.now();
        for (const { top, left } of positions) {
          if (top !== undefined) el.scrollTop = top;
          if (left !== undefined) el.scrollLeft = Math.max(0, left);
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          const now = performance.now();
          out.push(now - last);
          last = now;
        }
        return out;
      }, kind);
      if (tracePath) {
        const file = kind === 'vertical' ? tracePath : `${tracePath}.${kind}.json`;
        fs.writeFileSync(file, await browser.stopTracing());
        traced[kind] = traceFigures(readTrace(file));
      }
      return frames;
    };
    const vertical = await scroll('vertical');
    // The horizontal scrolls happen at the bottom of the table, where the vertical one ended.
    const fling = await scroll('fling');
    const jump = await scroll('jump');
    const frames = [...vertical, ...fling, ...jump];
    const sorted = [...frames].sort((a, b) => a - b);

    // A remote edit of one deal shown on screen: time until it is painted, rows the DOM changed in.
    // Wait for the rows at the top to be rendered, and pick the edited row by its position: right
    // after the scroll the DOM still holds the bottom rows, and a deal picked from those is no
    // longer on screen when its edit lands, so its cell never shows the new title (the hang).
    await page.evaluate(() => document.querySelector<HTMLElement>('.table-scroll')?.scrollTo({ top: 0, left: 0 }));
    const target = page.locator('.table-row[aria-rowindex="5"]');
    await target.waitFor();
    const targetId = await target.getAttribute('data-row-id');
    if (!targetId) throw new Error('the fourth row has no deal id');
    const repaint: Array<{ ms: number; rows: number; rendered: number }> = [];
    const renders = () => page.evaluate(() => ({ ...((window as unknown as { __tranche?: { renders: Record<string, number> } }).__tranche?.renders ?? {}) }));
    for (let run = 0; run < 10; run++) {
      const title = `Edited ${run}`;
      const watch = page.evaluate(
        ({ id, title }) =>
          new Promise<{ ms: number; rows: number }>((resolve) => {
            const body = document.querySelector('.table-body');
            const changed = new Set<string>();
            const t0 = performance.now();
            const observer = new MutationObserver((records) => {
              for (const r of records) {
                const node = r.target instanceof Element ? r.target : r.target.parentElement;
                const row = node?.closest('[data-row-id]')?.getAttribute('data-row-id');
                if (row) changed.add(row);
              }
              const cell = document.querySelector(`[data-row-id="${id}"] [data-column="title"]`);
              if (cell?.textContent === title) {
                requestAnimationFrame(() => {
                  observer.disconnect();
                  resolve({ ms: performance.now() - t0, rows: changed.size });
                });
              }
            });
            if (body) observer.observe(body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] });
            (window as unknown as { __benchReady?: boolean }).__benchReady = true;
          }),
        { id: targetId, title },
      );
      await page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true);
      if ((await page.locator(`[data-row-id="${targetId}"] [data-column="title"]`).count()) !== 1) throw new Error('the edited row is not on screen');
      const before = await renders();
      const sent = Date.now();
      updateDeal(writer.doc, { dealId: targetId, patch: { title } }, userOrigin(owner.id));
      const result = await watch;
      const elapsed = Date.now() - sent;
      const after = await renders();
      const rendered = Object.keys(after).filter((k) => k.startsWith('row:') && after[k] !== before[k]).length;
      repaint.push({ ms: elapsed, rows: result.rows, rendered });
      await page.evaluate(() => ((window as unknown as { __benchReady?: boolean }).__benchReady = false));
    }
    const repaintSorted = repaint.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      JSON.stringify(
        {
          deals,
          loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => +l.toFixed(1)) },
          importMs,
          firstRowsMs,
          rowsInDom,
          scrollFrames: frames.length,
          frameMs: { median: +quantile(sorted, 0.5).toFixed(1), p95: +quantile(sorted, 0.95).toFixed(1), max: +(sorted[sorted.length - 1] ?? NaN).toFixed(1) },
          fps: +(1000 / quantile(sorted, 0.5)).toFixed(0),
          verticalFrameMs: summary(vertical),
          horizontalFlingFrameMs: summary(fling),
          horizontalJumpFrameMs: summary(jump),
          framesOver33ms: frames.filter((f) => f > 33.4).length,
          remoteEditPaintedMs: { median: quantile(repaintSorted, 0.5), max: repaintSorted[repaintSorted.length - 1] },
          rowsChangedInDomPerRemoteEdit: [...new Set(repaint.map((r) => r.rows))],
          rowsReRenderedPerRemoteEdit: [...new Set(repaint.map((r) => r.rendered))],
          ...(tracePath ? { tracedCpuPerFrameMs: traced } : {}),
        },
        null,
        2,
      ),
    );
    writer.destroy();
  } finally {
    await browser.close();
    await server.close();
  }
}

void main();
