/**
 * Start-up cost: time from spawn to "ready at" and the resident memory once ready, for the
 * compiled server (`node server/src/cli/start.mjs`, what `npm start` runs) and for the
 * TypeScript source under tsx (what `npm start` ran before). Runs alternate.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface StartupRow {
  label: string;
  readyMs: number[];
  rssMiB: number[];
}

const ways: Array<{ label: string; args: string[] }> = [
  { label: 'compiled (node server/src/cli/start.mjs)', args: ['server/src/cli/start.mjs'] },
  { label: 'source (node --import tsx server/src/cli/start.ts)', args: ['--import', 'tsx', 'server/src/cli/start.ts'] },
];

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function startOnce(args: string[]): Promise<{ readyMs: number; rssMiB: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tranche-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!/ready at/.test(output)) return;
      const readyMs = Math.round(performance.now() - started);
      const rss = rssMiB(child.pid!);
      child.once('exit', () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve({ readyMs, rssMiB: rss });
      });
      child.kill('SIGTERM');
    });
    child.once('error', reject);
  });
}

export async function measureStartup(rounds: number): Promise<StartupRow[]> {
  // Build first, so the compiled runs measure starting, not building.
  spawnSync(process.execPath, ['-e', "await (await import('./server/src/cli/buildServer.mjs')).ensureServerBuilt()", '--input-type=module'], {
    stdio: 'inherit',
  });
  const rows = ways.map((way) => ({ label: way.label, readyMs: [] as number[], rssMiB: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, way] of ways.entries()) {
      const result = await startOnce(way.args);
      rows[i]!.readyMs.push(result.readyMs);
      rows[i]!.rssMiB.push(result.rssMiB);
    }
  }
  return rows;
}
