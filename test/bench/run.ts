/**
 * `npm run bench`: prints figures; asserts nothing. Sections:
 *  - sync: edit propagation latency, Tranche vs the plain y-websocket reference.
 * BENCH_SECONDS (default 15) sets how long each latency run measures.
 */
import { measureLatency } from './syncLatency';
import { startReference, startTranche } from './processes';

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

const sections: Record<string, () => Promise<void>> = { sync: syncSection };
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
process.exit(0);
