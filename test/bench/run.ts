/**
 * `npm run bench`: prints figures; asserts nothing. Sections:
 *  - sync: edit propagation latency, Tranche vs the plain y-websocket reference.
 *  - client: a 2,000-deal board in headless Chromium (render time, remote move paint).
 * `npm run bench -- client` runs one section.
 * BENCH_SECONDS (default 15) sets how long each latency run measures.
 */
import { measureLatency } from './syncLatency';
import { startReference, startTranche } from './processes';
import { measureClientRender } from './clientRender';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const options = { clients: 100, writers: 5, editsPerSecond: 10, seconds };

async function syncSection(): Promise<void> {
  console.log(`\n## Edit propagation: ${options.clients} clients, ${options.writers} writers x ${options.editsPerSecond} edits/s, ${seconds} s\n`);
  const reference = await startReference();
  const referenceResult = await measureLatency('@y/websocket-server 0.1.1', reference, 'reference', options).finally(() => reference.stop());
  const tranche = await startTranche();
  const trancheResult = await measureLatency('Tranche', tranche, 'tranche', options).finally(() => tranche.stop());
  console.log('| server | samples | p50 ms | p99 ms | mean ms | server RSS MiB |');
  console.log('|---|---|---|---|---|---|');
  for (const r of [referenceResult, trancheResult]) {
    console.log(`| ${r.label} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.mean} | ${r.serverRssMiB} |`);
  }
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  console.log(`\np99 ratio Tranche / reference: ${ratio(trancheResult.p99, referenceResult.p99)}x (target <= 1.25x); p50 ratio: ${ratio(trancheResult.p50, referenceResult.p50)}x`);
}

async function clientSection(): Promise<void> {
  const result = await measureClientRender();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`\n## Browser: a board with ${result.deals} deals (headless Chromium)\n`);
  console.log(`board:rendered after navigation: ${result.renderMs.join(', ')} ms (median ${median(result.renderMs)} ms; target < 1500 ms)`);
  console.log(`remote move, edit to paint: ${result.remoteMoveMs.join(', ')} ms (median ${median(result.remoteMoveMs)} ms)`);
  console.log(`other cards re-rendered by ${result.remoteMoveMs.length} remote moves: ${result.otherCardsRerendered}`);
}

const sections: Record<string, () => Promise<void>> = { sync: syncSection, client: clientSection };
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
process.exit(0);
