/**
 * `npm run cluster`: a local cluster to see several processes at work. Starts a
 * throwaway PostgreSQL and Redis in a temporary directory, three Tranche processes on
 * them, and a round-robin TCP load balancer on one port (PORT, default 3000); prints the
 * URL; Ctrl-C stops everything and removes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { TcpBalancer } from '../cluster/TcpBalancer';
import { startPostgres } from '../../../test/helpers/postgres';
import { freePort, startRedis } from '../../../test/helpers/redis';

const PROCESSES = 3;
const port = Number(process.env.PORT ?? 3000);

const postgres = await startPostgres();
const redis = await startRedis().catch(async (error: Error) => {
  await postgres.destroy();
  console.error(error.message);
  process.exit(1);
});
const admin = new pg.Client({ connectionString: postgres.adminUrl });
await admin.connect();
await admin.query('CREATE DATABASE tranche');
await admin.end();
const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/tranche');
const publicOrigin = `http://127.0.0.1:${port}`;

const children: ChildProcess[] = [];
const ports: number[] = [];
for (let i = 0; i < PROCESSES; i++) {
  const processPort = await freePort();
  ports.push(processPort);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    env: {
      ...process.env,
      PORT: String(processPort),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      PUBLIC_ORIGIN: publicOrigin,
      // The first process seeds the demo board on the fresh database; the others find it there.
      DEMO: i === 0 ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  // Wait for each to listen (the first one creates the schema) and show what it printed.
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const line = chunk.toString();
      process.stdout.write(`[tranche ${i + 1}] ${line}`);
      text += line;
      if (/ready at/.test(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Tranche process ${i + 1} exited with ${code}`)));
  });
}

const balancer = await TcpBalancer.listen(
  port,
  ports.map((p) => ({ host: '127.0.0.1', port: p })),
);
console.log(`\nTranche cluster: ${PROCESSES} processes on PostgreSQL ${postgres.port} and Redis ${redis.port}, round-robin on ${publicOrigin}`);
console.log(`Open ${publicOrigin} (sign in with the demo account printed above). Ctrl-C stops everything.`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the cluster…');
  await balancer.close();
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await redis.destroy();
  await postgres.destroy();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
