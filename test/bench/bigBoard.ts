/**
 * A big board on the compiled server (a separate process, as in production): deals written
 * through the official client with every contract field, notes and two comments each.
 * Measures the document size; the edit round trip while compaction snapshots are written;
 * an export while a health probe keeps asking; the board's cold load after a restart.
 * The server's own event-loop delay (monitorEventLoopDelay, exported as
 * `nodejs_eventloop_lag_max_seconds`, reset at every scrape) is read from /metrics around
 * each phase, so "max loop delay" is the longest the loop was blocked during it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { addComment, createDeal, selectColumns, updateDeal } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { userOrigin } from '../../shared/src/board/origin';
import { connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { startTranche, type RunningProcess } from './processes';

export interface BigBoardResult {
  deals: number;
  documentMiB: number;
  seedSeconds: number;
  edits: { samples: number; p50: number; p99: number; max: number; loopMaxMs: number; snapshots: number };
  exported: { ms: number; MiB: number; healthMaxMs: number; loopMaxMs: number };
  coldLoadMs: number[];
  coldLoopMaxMs: number[];
}

/**
 * GET on a new connection: this process blocks for seconds decoding a big board, long
 * enough for the server to close a pooled keep-alive socket that fetch would then reuse.
 */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
  });
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The largest event-loop delay since the previous scrape, in ms; and the scrape's samples. */
export async function scrape(server: RunningProcess): Promise<{ loopMaxMs: number; text: string }> {
  const response = await get(`${server.url}/metrics`);
  const text = response.status === 200 ? response.body.toString() : ''; // a baseline without /metrics: NaN
  const max = Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? NaN);
  return { loopMaxMs: round(max * 1000), text };
}

const snapshotJobs = (text: string) => Number(/^tranche_worker_jobs_total\{worker="snapshotWorker",outcome="ok"\} (\S+)$/m.exec(text)?.[1] ?? 0);

export function fill(doc: Y.Doc, owner: TestUser, from: number, to: number): void {
  const columns = selectColumns(doc).columns;
  const origin = userOrigin(owner.id);
  doc.transact(() => {
    for (let i = from; i < to; i++) {
      const created = createDeal(
        doc,
        {
          columnId: columns[i % columns.length]!.id,
          title: `Deal ${i}: Company ${i % 97} invests in Startup ${i}`,
          kind: i % 3 === 0 ? 'investment' : 'acquisition',
          acquirer: `Company ${i % 97}`,
          target: `Startup ${i}`,
          amount: (i % 50) * 1e8 + 1e6,
          amountQualifier: 'up_to',
          currency: 'USD',
          valuation: (i % 20) * 1e9 + 1e9,
          probability: (i % 10) * 10,
          ownerId: owner.id,
          expectedClose: '2027-06-30',
          tags: i % 2 ? ['AI', 'cloud'] : ['chips'],
          links: [`https://example.com/deal/${i}`],
          notes: `Talks reported by two outlets; terms under review. Board ${i % 13} approval pending.`,
        },
        origin,
      );
      if (!created.ok) throw new Error(`createDeal: ${JSON.stringify(created)}`);
      addComment(doc, { dealId: created.value.dealId, body: `First look at deal ${i}: strong fit.` }, origin);
      addComment(doc, { dealId: created.value.dealId, body: 'Waiting on the regulator.' }, origin);
    }
  }, origin);
}

export async function waitForDeals(server: RunningProcess, owner: TestUser, boardId: string, deals: number, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const response = await get(`${server.url}/api/boards/${boardId}`, { Authorization: `Bearer ${owner.token}` });
    const body = JSON.parse(response.body.toString()) as { dealCount: number };
    if (body.dealCount === deals) return;
    if (Date.now() > deadline) throw new Error(`server has ${body.dealCount} of ${deals} deals`);
    await sleep(250);
  }
}

export async function measureBigBoard(deals: number, options = { edits: 600, editsPerSecond: 40, coldRuns: 3 }): Promise<BigBoardResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tranche-bench-big-'));
  let server = await startTranche({ dataDir });
  try {
    const owner = await createUser(server.url, 'Bench');
    const boardId = await createBoard(server.url, owner, 'Big board');
    const writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    const seedStart = performance.now();
    for (let from = 0; from < deals; from += 200) {
      fill(writer.doc, owner, from, Math.min(deals, from + 200));
      await sleep(0);
    }
    await waitForDeals(server, owner, boardId, deals, 30 * 60_000);
    const seedSeconds = round((performance.now() - seedStart) / 1000);
    const documentMiB = round(Y.encodeStateAsUpdate(writer.doc).byteLength / 2 ** 20);

    // Edits from one writer seen by another client, across at least one compaction.
    const reader = connectDoc(server.url, owner, boardId);
    await reader.synced;
    const dealId = [...dealsMap(writer.doc).keys()][0]!;
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    dealsMap(reader.doc).observeDeep(() => {
      const amount = dealsMap(reader.doc).get(dealId)?.get('amount');
      const sent = typeof amount === 'number' ? sentAt.get(amount) : undefined;
      if (sent !== undefined) {
        latencies.push(performance.now() - sent);
        sentAt.delete(amount as number);
      }
    });
    const before = await scrape(server);
    for (let i = 1; i <= options.edits; i++) {
      sentAt.set(i, performance.now());
      updateDeal(writer.doc, { dealId, patch: { amount: i } }, userOrigin(owner.id));
      await sleep(1000 / options.editsPerSecond);
    }
    await sleep(1_000);
    const after = await scrape(server);
    const sorted = latencies.sort((a, b) => a - b);
    const edits = {
      samples: sorted.length,
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? NaN),
      loopMaxMs: after.loopMaxMs,
      snapshots: snapshotJobs(after.text) - snapshotJobs(before.text),
    };
    reader.destroy();
    writer.destroy();

    // An export while a health probe asks every 20 ms.
    await scrape(server);
    const exportStart = performance.now();
    let exportDone = false;
    const exported = get(`${server.url}/api/boards/${boardId}/export.json`, { Authorization: `Bearer ${owner.token}` })
      .then((r) => r.body)
      .finally(() => (exportDone = true));
    let healthMaxMs = 0;
    while (!exportDone) {
      const t = performance.now();
      await get(`${server.url}/api/health`);
      healthMaxMs = Math.max(healthMaxMs, performance.now() - t);
      await sleep(20);
    }
    const body = await exported;
    const exportMs = performance.now() - exportStart;
    const exportLoop = await scrape(server);

    // Cold loads: restart the process on the same data, open the board with a new client.
    const coldLoadMs: number[] = [];
    const coldLoopMaxMs: number[] = [];
    for (let run = 0; run < options.coldRuns; run++) {
      await server.stop();
      server = await startTranche({ dataDir });
      await scrape(server);
      const t = performance.now();
      const client = connectDoc(server.url, owner, boardId);
      await client.synced;
      coldLoadMs.push(Math.round(performance.now() - t));
      client.destroy();
      coldLoopMaxMs.push((await scrape(server)).loopMaxMs);
    }
    return {
      deals,
      documentMiB,
      seedSeconds,
      edits,
      exported: { ms: Math.round(exportMs), MiB: round(body.byteLength / 2 ** 20), healthMaxMs: Math.round(healthMaxMs), loopMaxMs: exportLoop.loopMaxMs },
      coldLoadMs,
      coldLoopMaxMs,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
