/**
 * A real local cluster for tests: a throwaway PostgreSQL, a throwaway Redis, N Tranche
 * child processes (test/helpers/clusterProcess.ts) each reaching Redis through a link of
 * its own (a TCP proxy a test can cut), and a round-robin TCP balancer in front.
 *
 * @example
 * const cluster = await startCluster(3);
 * cluster.processes[0].url; cluster.balancerUrl;
 * await cluster.processes[1].kill(); await cluster.processes[1].start();
 * await cluster.destroy();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { TcpBalancer } from '../../server/src/cluster/TcpBalancer';
import { startPostgres, type PostgresServer } from './postgres';
import { freePort, startRedis, type RedisServer } from './redis';

export interface ClusterProcess {
  url: string;
  port: number;
  /** The process's own link to Redis (cut it to isolate the process from the bus). */
  redisLink: TcpBalancer;
  /** kill -9. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it listens. */
  start(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGSTOP: the process hangs with its connections open (a stalled process), until thaw(). */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  readonly running: boolean;
  /** What the process printed (for failure messages). */
  output(): string;
}

export interface LocalCluster {
  postgres: PostgresServer;
  redis: RedisServer;
  databaseUrl: string;
  processes: ClusterProcess[];
  balancer: TcpBalancer;
  balancerUrl: string;
  destroy(): Promise<void>;
}

function startTrancheProcess(port: number, env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/clusterProcess.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DEMO: '0', MAX_CONNECTIONS_PER_USER: '1000', MAX_CONNECTIONS_PER_ADDRESS: '10000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Tranche on ${port} did not start: ${text}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      text = (text + chunk.toString()).slice(-20_000);
      if (/ready at http/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Tranche on ${port} exited (${code ?? signal}): ${text}`));
    });
  });
  ready.catch(() => undefined);
  return { child, ready, output: () => text };
}

export interface ClusterOptions {
  /** Extra environment of every process. */
  processEnv?: Record<string, string>;
  /** Browsers come through the balancer: its URL is every process's PUBLIC_ORIGIN (Origin checks). */
  viaBalancer?: boolean;
}

export async function startCluster(count = 3, options: ClusterOptions = {}): Promise<LocalCluster> {
  const postgres = await startPostgres();
  const redis = await startRedis().catch(async (error: unknown) => {
    await postgres.destroy();
    throw error;
  });
  const processes: ClusterProcess[] = [];
  try {
    return await startMembers(count, options, postgres, redis, processes);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await Promise.all(processes.map((p) => p.kill()));
    for (const p of processes) await p.redisLink.close();
    await redis.destroy();
    await postgres.destroy();
    throw error;
  }
}

async function startMembers(
  count: number,
  options: ClusterOptions,
  postgres: PostgresServer,
  redis: RedisServer,
  processes: ClusterProcess[],
): Promise<LocalCluster> {
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE tranche');
  await admin.end();
  const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/tranche');
  const balancerPort = await freePort();
  const balancerUrl = `http://127.0.0.1:${balancerPort}`;

  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const redisLink = await TcpBalancer.listen(0, [{ host: '127.0.0.1', port: redis.port }]);
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisLink.port}`,
      ...(options.viaBalancer ? { PUBLIC_ORIGIN: balancerUrl } : {}),
      ...options.processEnv,
    };
    let current: ReturnType<typeof startTrancheProcess> | null = null;
    const exited = (): Promise<void> =>
      new Promise((resolve) => {
        const child = current?.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
      });
    const member: ClusterProcess = {
      url: `http://127.0.0.1:${port}`,
      port,
      redisLink,
      async kill() {
        const done = exited();
        current?.child.kill('SIGKILL');
        await done;
      },
      async stop() {
        const done = exited();
        current?.child.kill('SIGTERM');
        await done;
      },
      async start() {
        current = startTrancheProcess(port, env);
        await current.ready;
      },
      freeze() {
        current?.child.kill('SIGSTOP');
      },
      thaw() {
        current?.child.kill('SIGCONT');
      },
      get running() {
        return current !== null && current.child.exitCode === null && current.child.signalCode === null;
      },
      output: () => current?.output() ?? '',
    };
    // The first process creates the schema; the others start once it is there.
    processes.push(member);
    await member.start();
  }
  const balancer = await TcpBalancer.listen(
    balancerPort,
    processes.map((p) => ({ host: '127.0.0.1', port: p.port })),
  );
  return {
    postgres,
    redis,
    databaseUrl,
    processes,
    balancer,
    balancerUrl,
    async destroy() {
      await balancer.close();
      await Promise.all(processes.map((p) => p.kill()));
      for (const p of processes) await p.redisLink.close();
      await redis.destroy();
      await postgres.destroy();
    },
  };
}
