/**
 * Starting servers as child processes for benchmarks, so clients and server do not
 * share an event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningProcess {
  child: ChildProcess;
  url: string;
  /** Resident memory of the process in MiB (Linux /proc). */
  rssMiB(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`process did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) {
        cleanup();
        return resolve();
      }
      child.once('exit', () => {
        cleanup();
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/**
 * Tranche itself as `npm start` runs it (the esbuild bundle, built when stale), on the
 * embedded store in a temporary DATA_DIR, or in `options.dataDir` (kept on stop) to restart on
 * it, or on PostgreSQL at `options.databaseUrl` (with `options.redisUrl`: one process of a cluster).
 */
export async function startTranche(
  options: { dataDir?: string; databaseUrl?: string; redisUrl?: string; baselineDir?: string | null } = {},
): Promise<RunningProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'tranche-bench-'));
  const port = await freePort();
  // BENCH_BASELINE_DIR: a checkout of an older Tranche, run from its TypeScript source (the "before" figures).
  // `baselineDir: null` runs this checkout even when the variable is set (side-by-side runs).
  const baseline = options.baselineDir === undefined ? process.env.BENCH_BASELINE_DIR : options.baselineDir;
  const entry = baseline ? ['--import', 'tsx', 'server/src/index.ts'] : ['server/src/cli/start.mjs'];
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...entry], {
    cwd: baseline ?? process.cwd(),
    // 100 benchmark clients share one user and one address: lift the connection caps.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: '0',
      LOG_LEVEL: 'warn',
      MAX_CONNECTIONS_PER_USER: '1000',
      MAX_CONNECTIONS_PER_ADDRESS: '1000',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForLine(child, /ready at (http:\/\/\S+)/);
  const cleanup = () => (options.dataDir ? undefined : rmSync(dataDir, { recursive: true, force: true }));
  return { child, url, rssMiB: () => rssOf(child.pid), stop: stopper(child, cleanup) };
}

/** The plain `@y/websocket-server` reference: no auth, no persistence. */
export async function startReference(): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /running at/);
  return { child, url: `http://127.0.0.1:${port}`, rssMiB: () => rssOf(child.pid), stop: stopper(child, () => undefined) };
}
