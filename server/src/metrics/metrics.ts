/**
 * Every Prometheus metric Tranche exports, in one registry (served by GET /metrics).
 * Modules import the one they feed and call `inc()` / `observe()` / `startTimer()`;
 * gauges of live state (open boards, connections) are read when scraped from the servers
 * registered with `trackServer`. Node's own figures (event-loop delay from
 * monitorEventLoopDelay, heap, GC, CPU) come from prom-client's default metrics.
 *
 * @example authFailures.inc({ channel: 'http', code: 'bad_credentials' });
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();

/** What a running server exposes to the live gauges. */
export interface MetricsSource {
  openBoards(): number;
  yjsConnections(): number;
  socketIoConnections(): number;
}

const sources = new Set<MetricsSource>();

/** Counts a server in the live gauges until the returned function is called (at close). */
export function trackServer(source: MetricsSource): () => void {
  sources.add(source);
  return () => void sources.delete(source);
}

const sum = (read: (source: MetricsSource) => number): number => [...sources].reduce((total, source) => total + read(source), 0);

export const openBoards = new Gauge({
  name: 'tranche_open_boards',
  help: 'Boards loaded in memory (rooms).',
  registers: [registry],
  collect() {
    this.set(sum((s) => s.openBoards()));
  },
});

export const connections = new Gauge({
  name: 'tranche_connections',
  help: 'Open client connections, by channel (yjs: document WebSockets; socketio: event sockets).',
  labelNames: ['channel'] as const,
  registers: [registry],
  collect() {
    this.set(
      { channel: 'yjs' },
      sum((s) => s.yjsConnections()),
    );
    this.set(
      { channel: 'socketio' },
      sum((s) => s.socketIoConnections()),
    );
  },
});

export const commitSeconds = new Histogram({
  name: 'tranche_commit_batch_seconds',
  help: 'Time to commit one group of document updates (and their activity) to the store.',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const fanoutSeconds = new Histogram({
  name: 'tranche_fanout_seconds',
  help: 'Time to merge a committed batch and queue it on every connection of the board.',
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  registers: [registry],
});

export const snapshotSeconds = new Histogram({
  name: 'tranche_snapshot_seconds',
  help: 'Time to build (in a worker thread) and write one compaction snapshot.',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const documentBytes = new Histogram({
  name: 'tranche_document_bytes',
  help: 'Size of board documents: the stored parts when a board loads, the snapshot when one is written.',
  buckets: [1e3, 1e4, 1e5, 1e6, 4e6, 16e6, 64e6, 256e6],
  registers: [registry],
});

export const clusterRanges = new Counter({
  name: 'tranche_cluster_ranges_total',
  help: "Other processes' committed ranges applied to a room, by how: next (in order, off the bus), held (came past a gap, applied once the gap closed), store (read from the store: a gap the bus did not close).",
  labelNames: ['how'] as const,
  registers: [registry],
});

export const authFailures = new Counter({
  name: 'tranche_auth_failures_total',
  help: 'Refused authentication: HTTP 401/429 answers, WebSocket upgrades refused for identity or origin, Socket.IO handshakes refused.',
  labelNames: ['channel', 'code'] as const,
  registers: [registry],
});

/** Counts a refused request as an auth failure when it is one: 401, 429 (login lock-out), or a foreign Origin. */
export function countAuthFailure(channel: 'http' | 'websocket' | 'socketio', status: number, code: string): void {
  if (status === 401 || status === 429 || code === 'bad_origin') authFailures.inc({ channel, code });
}

export const webhookFailures = new Counter({
  name: 'tranche_webhook_failures_total',
  help: 'Webhook deliveries that failed (network error, timeout or non-2xx answer).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const workerJobs = new Counter({
  name: 'tranche_worker_jobs_total',
  help: 'Jobs run in worker threads (snapshotWorker: compaction; exportWorker: large exports; storeReadWorker, loadWorker: opening a large board; sliceWorker: re-slicing a big board full-state reply), by outcome.',
  labelNames: ['worker', 'outcome'] as const,
  registers: [registry],
});

let defaultsStarted = false;

/** Starts Node's default metrics (event-loop delay, heap, GC) once per process. */
export function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
}
