/**
 * `npm run bench -- cluster`: edit propagation (100 clients, 5 writers x 10 edits/s) through
 * one Tranche process on PostgreSQL, then through three processes on the same PostgreSQL and a
 * Redis, clients spread round-robin over them. The cluster's samples are split into pairs whose
 * writer and reader share a process and pairs that cross processes (PostgreSQL commit, Redis
 * publish, the other process applies and relays). Target: crossing adds < 3 ms at p50 and
 * < 20 ms at p99 over same-process pairs.
 * PostgreSQL is a throwaway server with a real install's fsync=on durability; Redis a
 * throwaway redis-server (test/helpers/postgres.ts, redis.ts).
 */
import pg from 'pg';
import { startPostgres } from '../helpers/postgres';
import { startRedis } from '../helpers/redis';
import { startTranche, type RunningProcess } from './processes';
import { measureLatency, type LatencyOptions, type LatencyResult, type LatencyStats } from './syncLatency';

const PROCESSES = 3;

/** A fresh database on the bench's PostgreSQL server. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Sums `tranche_cluster_ranges_total` by `how` over the processes' /metrics: how other processes' commits were applied. */
async function rangesApplied(members: RunningProcess[]): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const member of members) {
    const text = await (await fetch(`${member.url}/metrics`)).text();
    for (const match of text.matchAll(/^tranche_cluster_ranges_total\{how="(\w+)"\} (\d+)/gm)) {
      totals[match[1]!] = (totals[match[1]!] ?? 0) + Number(match[2]);
    }
  }
  return totals;
}

const row = (label: string, r: LatencyStats): string => `| ${label} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.mean} |`;
const round = (v: number): number => Math.round(v * 100) / 100;

export async function clusterSection(options: LatencyOptions): Promise<void> {
  const postgres = await startPostgres({ durable: true });
  const redis = await startRedis().catch(async (error: unknown) => {
    await postgres.destroy();
    throw error;
  });
  try {
    console.log(`\n## Cluster: ${PROCESSES} processes on PostgreSQL + Redis against one process on PostgreSQL\n`);
    console.log(`### Edit propagation: ${options.clients} clients, ${options.writers} writers x ${options.editsPerSecond} edits/s, ${options.seconds} s\n`);
    const single = await startTranche({ databaseUrl: await createDatabase(postgres.adminUrl, 'bench_single') });
    const alone: LatencyResult = await measureLatency('one process', single, 'tranche', options).finally(() => single.stop());

    const databaseUrl = await createDatabase(postgres.adminUrl, 'bench_cluster');
    const members: RunningProcess[] = [];
    let together: LatencyResult;
    let ranges: Record<string, number> = {};
    try {
      // One after the other: the first creates the schema.
      for (let i = 0; i < PROCESSES; i++) members.push(await startTranche({ databaseUrl, redisUrl: redis.url }));
      together = await measureLatency(`${PROCESSES} processes`, members, 'tranche', options);
      ranges = await rangesApplied(members);
    } finally {
      await Promise.all(members.map((m) => m.stop()));
    }

    console.log('| run (pairs) | samples | p50 ms | p99 ms | mean ms |');
    console.log('|---|---|---|---|---|');
    console.log(row('one process on PostgreSQL (all pairs)', alone));
    console.log(row(`${PROCESSES} processes (all pairs)`, together));
    console.log(row(`${PROCESSES} processes, same-process pairs`, together.sameProcess!));
    console.log(row(`${PROCESSES} processes, cross-process pairs`, together.crossProcess!));
    console.log(`\nserver RSS: one process ${alone.serverRssMiB} MiB, ${PROCESSES} processes ${together.serverRssMiB} MiB in all`);
    const how = (key: string): number => ranges[key] ?? 0;
    console.log(
      `other processes' commits applied: ${how('next')} in order off Redis, ${how('held')} held past a gap until it closed, ${how('store')} read from PostgreSQL`,
    );
    const same = together.sameProcess!;
    const cross = together.crossProcess!;
    console.log(
      `crossing processes adds ${round(cross.p50 - same.p50)} ms at p50 (target < 3 ms) and ${round(cross.p99 - same.p99)} ms at p99 (target < 20 ms)`,
    );
  } finally {
    await redis.destroy();
    await postgres.destroy();
  }
}
