/**
 * Edit propagation latency: 100 y-websocket clients on one board, 5 of them writing
 * 10 edits/s each; every other client's time to see each edit. Run against Tranche
 * (auth, identity stamps, activity, durable group commits) and the plain reference.
 * Given several processes of one cluster, client i connects to process i mod n, and the
 * samples are also split into same-process and cross-process (writer, reader) pairs.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createDeal, initBoard, selectColumns, updateDeal } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { SYSTEM_ORIGIN, userOrigin } from '../../shared/src/board/origin';
import { addMember, createBoard, createUser } from '../helpers/clients';
import type { RunningProcess } from './processes';

export interface LatencyStats {
  samples: number;
  p50: number;
  p99: number;
  mean: number;
}

export interface LatencyResult extends LatencyStats {
  label: string;
  /** Of every server process (summed over a cluster's). */
  serverRssMiB: number;
  /** With several processes: pairs whose writer and reader share a process, and the others. */
  sameProcess?: LatencyStats;
  crossProcess?: LatencyStats;
}

export interface LatencyOptions {
  clients: number;
  writers: number;
  editsPerSecond: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function withHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

function connect(serverUrl: string, room: string, headers: Record<string, string>): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: withHeaders(headers) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { doc, provider, synced };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Under the per-user sync request burst (60 per process), with room for resyncs. */
const CLIENTS_PER_USER = 40;

function stats(latencies: number[]): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { samples: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), mean: round(mean) };
}

/** Measures one server, or the processes of one cluster. `kind` decides how to authenticate and where the board lives. */
export async function measureLatency(
  label: string,
  servers: RunningProcess | RunningProcess[],
  kind: 'tranche' | 'reference',
  options: LatencyOptions,
): Promise<LatencyResult> {
  const processes = Array.isArray(servers) ? servers : [servers];
  const server = processes[0]!;
  const processOf = (client: number): number => client % processes.length;
  const wsBaseOf = (client: number): string => processes[processOf(client)]!.url.replace(/^http/, 'ws') + '/yjs';
  let wsBase: string;
  let room: string;
  let headers: Record<string, string> = {};
  /** Each client's headers: Tranche limits sync requests per user, so the clients share a few users. */
  let headersOf = (_client: number): Record<string, string> => headers;
  let origin = SYSTEM_ORIGIN;
  if (kind === 'tranche') {
    const user = await createUser(server.url, 'Bench');
    room = await createBoard(server.url, user);
    headers = { Authorization: `Bearer ${user.token}` };
    wsBase = server.url.replace(/^http/, 'ws') + '/yjs';
    origin = userOrigin(user.id);
    const members = [user];
    for (let i = 1; i < Math.ceil(options.clients / CLIENTS_PER_USER); i++) {
      const member = await createUser(server.url, `Bench${i}`);
      await addMember(server.url, user, room, member, 'editor');
      members.push(member);
    }
    headersOf = (client) => ({ Authorization: `Bearer ${members[client % members.length]!.token}` });
  } else {
    room = `bench-${Date.now()}`;
    wsBase = server.url.replace(/^http/, 'ws');
  }

  // The first client prepares the board (the reference starts empty) and one deal per writer.
  const first = connect(wsBase, room, headers);
  await first.synced;
  if (selectColumns(first.doc).columns.length === 0) initBoard(first.doc, { name: 'Bench', template: 'pipeline' }, SYSTEM_ORIGIN);
  const column = selectColumns(first.doc).columns[0]!.id;
  const dealIds: string[] = [];
  for (let w = 0; w < options.writers; w++) {
    const created = createDeal(first.doc, { columnId: column, title: `Writer ${w}` }, origin);
    if (created.ok) dealIds.push(created.value.dealId);
  }
  await sleep(300);

  const clients = [first];
  for (let i = 1; i < options.clients; i++) clients.push(connect(kind === 'tranche' ? wsBaseOf(i) : wsBase, room, headersOf(i)));
  await Promise.all(clients.map((c) => c.synced));
  await sleep(500);

  const sentAt = new Map<number, { at: number; writer: number }>();
  const latencies: number[] = [];
  const same: number[] = [];
  const cross: number[] = [];
  let measuring = false;
  clients.forEach((client, index) => {
    const seen = new Set<number>();
    dealsMap(client.doc).observeDeep((events) => {
      const now = performance.now();
      for (const event of events) {
        const target = event.target as Y.Map<unknown>;
        if (!(target instanceof Y.Map) || !event.changes.keys.has('amount')) continue;
        const value = target.get('amount');
        if (typeof value !== 'number') continue;
        const sent = sentAt.get(value);
        if (!sent || sent.writer === index || seen.has(value)) continue;
        seen.add(value);
        if (!measuring) continue;
        latencies.push(now - sent.at);
        (processOf(sent.writer) === processOf(index) ? same : cross).push(now - sent.at);
      }
    });
  });

  let counter = 1;
  const interval = 1000 / options.editsPerSecond;
  const warmupMs = 1_000;
  const stopAt = performance.now() + warmupMs + options.seconds * 1000;
  setTimeout(() => (measuring = true), warmupMs);
  const writerLoops = dealIds.map(async (dealId, w) => {
    const client = clients[w]!;
    await sleep(w * (interval / options.writers));
    while (performance.now() < stopAt) {
      const value = counter++;
      sentAt.set(value, { at: performance.now(), writer: w });
      updateDeal(client.doc, { dealId, patch: { amount: value } }, origin);
      await sleep(interval);
    }
  });
  await Promise.all(writerLoops);
  await sleep(1_000);
  const serverRssMiB = Math.round(processes.reduce((sum, p) => sum + p.rssMiB(), 0) * 10) / 10;
  for (const client of clients) {
    client.provider.destroy();
    client.doc.destroy();
  }
  const byPair = processes.length > 1 ? { sameProcess: stats(same), crossProcess: stats(cross) } : {};
  return { label, ...stats(latencies), serverRssMiB, ...byPair };
}
