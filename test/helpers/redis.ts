/**
 * A real, throwaway Redis for tests: `redis-server` on a free 127.0.0.1 port, nothing
 * persisted, so a restart comes back empty (as after a crash of a Redis without disk).
 *
 * @example
 * const redis = await startRedis();   // redis.url: redis://127.0.0.1:<port>
 * await redis.kill();                 // kill -9
 * await redis.start();                // same port, empty
 * await redis.destroy();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createConnection, createServer as createNetServer } from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  /** kill -9: no goodbye to its clients. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty). */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const MISSING = 'redis-server was not found on PATH or in /usr/bin: install Redis (Debian/Ubuntu: apt-get install redis-server).';

/** The redis-server binary, or throws the one sentence saying what to install. */
export function findRedisServer(): string {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin']) {
    if (dir && existsSync(path.join(dir, 'redis-server'))) return path.join(dir, 'redis-server');
  }
  throw new Error(MISSING);
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

/** Resolves once something accepts TCP connections on the port. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - start > timeoutMs) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startRedis(port?: number): Promise<RedisServer> {
  const binary = findRedisServer();
  const chosen = port ?? (await freePort());
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const spawned = spawn(binary, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    child = spawned;
    await waitForPort(chosen, spawned);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, kill, start, destroy: kill };
}
