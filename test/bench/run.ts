/**
 * `npm run bench`: prints figures; asserts nothing. Sections:
 *  - sync: edit propagation latency, Tranche vs the plain y-websocket reference.
 *  - client: a 2,000-deal board in headless Chromium (render time, remote move paint).
 *  - store: SQLite vs PostgreSQL (propagation through a server on each; commits/s).
 *  - big: 10,000 and 50,000-deal boards (BENCH_DEALS=10000,50000) on the compiled server:
 *    document size, edits during snapshots, export, cold load, event-loop delay. Sizes past
 *    the per-board deal limit (10,000) are reported as refused.
 *  - paint: a 10,000-deal board (BENCH_PAINT_DEALS) opened cold on the compiled server (time and
 *    longest loop block) and shown in Chromium, first and repeat visit, with the time broken down.
 *  - startup: ready time and RSS of `npm start` (compiled) against running the source with tsx.
 *  - history: board state at a moment, changes across, and cold load of a 500,000-update log
 *    (BENCH_HISTORY_UPDATES).
 *  - cluster: propagation through 3 processes on PostgreSQL + Redis (same- vs cross-process
 *    pairs) against one process on PostgreSQL.
 * `npm run bench -- client` runs one section.
 * BENCH_SECONDS (default 15) sets how long each latency run measures, BENCH_ROUNDS (default 3)
 * how many alternating runs of each server, BENCH_CLIENTS and BENCH_WRITERS (default 100 and 5)
 * how many clients the sync, store and cluster sections connect and how many of them write.
 */
import { measureLatency, type LatencyResult } from './syncLatency';
import { startReference, startTranche } from './processes';
import { measureClientRender } from './clientRender';
import { storeSection } from './storeBench';
import { measureBigBoard } from './bigBoard';
import { measureBigBoardPaint } from './bigBoardPaint';
import { measureStartup } from './startup';
import { historySection } from './historyBench';
import { MAX_DEALS_PER_BOARD } from '../../shared/src/board/limits';
import { clusterSection } from './clusterBench';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const options = { clients: Number(process.env.BENCH_CLIENTS ?? 100), writers: Number(process.env.BENCH_WRITERS ?? 5), editsPerSecond: 10, seconds };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function syncSection(): Promise<void> {
  console.log(
    `\n## Edit propagation: ${options.clients} clients, ${options.writers} writers x ${options.editsPerSecond} edits/s, ${seconds} s x ${rounds} rounds\n`,
  );
  // Alternate the two servers so drift on the machine hits both alike; compare medians.
  const results: LatencyResult[] = [];
  for (let round = 0; round < rounds; round++) {
    const reference = await startReference();
    results.push(await measureLatency('@y/websocket-server 0.1.1', reference, 'reference', options).finally(() => reference.stop()));
    const tranche = await startTranche();
    results.push(await measureLatency('Tranche', tranche, 'tranche', options).finally(() => tranche.stop()));
  }
  console.log('| server | samples | p50 ms | p99 ms | mean ms | server RSS MiB |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.mean} | ${r.serverRssMiB} |`);
  const medianOf = (label: string, key: 'p50' | 'p99') => median(results.filter((r) => r.label === label).map((r) => r[key]));
  const ratio = (key: 'p50' | 'p99') => Math.round((medianOf('Tranche', key) / medianOf('@y/websocket-server 0.1.1', key)) * 100) / 100;
  console.log(`\nmedian p50: reference ${medianOf('@y/websocket-server 0.1.1', 'p50')} ms, Tranche ${medianOf('Tranche', 'p50')} ms (${ratio('p50')}x)`);
  console.log(
    `median p99: reference ${medianOf('@y/websocket-server 0.1.1', 'p99')} ms, Tranche ${medianOf('Tranche', 'p99')} ms (${ratio('p99')}x; target <= 1.25x)`,
  );
}

async function clientSection(): Promise<void> {
  const result = await measureClientRender();
  console.log(`\n## Browser: a board with ${result.deals} deals (headless Chromium)\n`);
  console.log(`board:rendered after navigation: ${result.renderMs.join(', ')} ms (median ${median(result.renderMs)} ms; target < 1500 ms)`);
  console.log(`remote move, edit to paint: ${result.remoteMoveMs.join(', ')} ms (median ${median(result.remoteMoveMs)} ms)`);
  console.log(`other cards re-rendered by ${result.remoteMoveMs.length} remote moves: ${result.otherCardsRerendered}`);
}

async function bigSection(): Promise<void> {
  const sizes = (process.env.BENCH_DEALS ?? '10000,50000').split(',').map(Number);
  console.log('\n## Big boards (compiled server; loop = longest event-loop block in the phase, from monitorEventLoopDelay)\n');
  console.log(
    '| deals | document MiB | seed s | edit RTT p50 / p99 / max ms (snapshots) | loop max during edits ms | export ms (MiB) | health max wait during export ms | loop max during export ms | cold load ms (median) | loop max during cold load ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const deals of sizes) {
    if (deals > MAX_DEALS_PER_BOARD) {
      console.log(`| ${deals} | refused: a board holds at most ${MAX_DEALS_PER_BOARD} deals (test/integration/dealLimit.test.ts) |`);
      continue;
    }
    const r = await measureBigBoard(deals);
    console.log(
      `| ${r.deals} | ${r.documentMiB} | ${r.seedSeconds} | ${r.edits.p50} / ${r.edits.p99} / ${r.edits.max} (${r.edits.snapshots}) | ${r.edits.loopMaxMs} | ${r.exported.ms} (${r.exported.MiB}) | ${r.exported.healthMaxMs} | ${r.exported.loopMaxMs} | ${r.coldLoadMs.join(', ')} (${median(r.coldLoadMs)}) | ${r.coldLoopMaxMs.join(', ')} |`,
    );
  }
}

async function paintSection(): Promise<void> {
  const deals = Number(process.env.BENCH_PAINT_DEALS ?? MAX_DEALS_PER_BOARD);
  await measureBigBoardPaint(deals, {
    seeded: (seeded) => console.log(`\n## A ${deals}-deal board (${seeded.documentMiB} MiB) opened cold and painted (1-min load average beside each figure)\n`),
    cold: (cold) => {
      console.log('| server | cold load ms | room loaded ms | warm board ms | longest loop block ms | load avg |');
      console.log('|---|---|---|---|---|---|');
      for (const c of cold) console.log(`| ${c.build} | ${c.ms} | ${c.roomMs} | ${c.warmMs} | ${c.loopMaxMs} | ${c.load} |`);
      for (const build of new Set(cold.map((c) => c.build))) {
        const medianOf = (key: 'ms' | 'roomMs' | 'warmMs' | 'loopMaxMs') => median(cold.filter((c) => c.build === build).map((c) => c[key]));
        console.log(
          `\n${build}: median cold load ${medianOf('ms')} ms (target < 1000), room loaded ${medianOf('roomMs')} ms, warm board ${medianOf('warmMs')} ms, longest loop block ${medianOf('loopMaxMs')} ms (target < 50)`,
        );
      }
      console.log('');
    },
    paints: (paints) => {
      console.log(
        '| server | visit | session asked | board details arrived | socket created | socket open | state arrived (MiB) | apply server state ms | update listeners after ms | apply device copy ms | listeners after copy ms | selectors ms | board:preview | board:rendered | main-thread CPU ms | cards | load avg |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const p of paints) {
        console.log(
          `| ${p.build} | ${p.visit} | ${p.sessionAsked} | ${p.detailsArrived} | ${p.socketCreated} | ${p.socketOpen} | ${p.stateArrived} (${p.stateMiB}) | ${p.applyServerMs} | ${p.afterApplyServerMs} | ${p.applyLocalCopyMs} | ${p.afterApplyLocalCopyMs} | ${p.lanesMs} | ${p.preview} | ${p.rendered} | ${p.mainCpuMs} | ${p.cards} | ${p.load} |`,
        );
      }
      for (const build of new Set(paints.map((p) => p.build))) {
        for (const visit of ['first', 'repeat'] as const) {
          const runs = paints.filter((p) => p.build === build && p.visit === visit);
          const rendered = runs.map((p) => p.rendered);
          // Shown: the first paint with the stages' real totals, the preview's or the synced board's.
          const shown = runs.map((p) => (Number.isNaN(p.preview) ? p.rendered : Math.min(p.preview, p.rendered)));
          const cpu = runs.map((p) => p.mainCpuMs);
          console.log(
            `${build}: ${visit} visit: median shown ${median(shown)} ms (target < 1500), board:rendered ${median(rendered)} ms, main-thread CPU ${median(cpu)} ms`,
          );
        }
      }
    },
  });
}

async function startupSection(): Promise<void> {
  const rows = await measureStartup(rounds);
  console.log(`\n## Start-up (${rounds} alternating runs, medians)\n`);
  console.log('| how | ready ms | RSS MiB |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.label} | ${median(row.readyMs)} (${row.readyMs.join(', ')}) | ${median(row.rssMiB)} |`);
}

const sections: Record<string, () => Promise<void>> = {
  sync: syncSection,
  client: clientSection,
  store: () => storeSection(options),
  big: bigSection,
  paint: paintSection,
  startup: startupSection,
  history: historySection,
  cluster: () => clusterSection(options),
};
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
process.exit(0);
