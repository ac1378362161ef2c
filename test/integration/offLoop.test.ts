/**
 * Heavy document work stays off the event loop every board shares: a large board's export
 * is rendered in a worker thread (other requests are answered meanwhile), and compaction
 * snapshots are built from the store in a worker, equal to what the live document holds.
 */
import http from 'node:http';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, selectColumns } from '../../shared/src/board';
import { SYSTEM_ORIGIN } from '../../shared/src/board/origin';
import { dealsMap } from '../../shared/src/board/schema';
import { exportBoard } from '../../server/src/http/exportFormat';
import { buildSnapshot } from '../../server/src/workers/buildSnapshot';
import { workerJobs } from '../../server/src/metrics/metrics';
import { createBoard, createUser, type TestUser } from '../helpers/clients';
import { startServer, type StartedServer } from '../helpers/startServer';
import { STORE_KIND } from '../helpers/testStores';

const DEALS = 1_500;

/**
 * GET on a new connection. Building the board blocks this process (client and server) for
 * seconds; a pooled keep-alive socket may have timed out on the server meanwhile.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

describe('work off the event loop', () => {
  let server: StartedServer;
  let owner: TestUser;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer({ compactEvery: 1_000_000 });
    owner = await createUser(server.url, 'Owner');
    boardId = await createBoard(server.url, owner);
    const notes = 'Term sheet notes. '.repeat(40);
    // In batches, so the loop runs between them (idle keep-alive sockets close on time).
    for (let from = 0; from < DEALS; from += 250) {
      await server.server.context.hub.write(
        boardId,
        (doc) => {
          const column = selectColumns(doc).columns[0]!.id;
          for (let i = from; i < from + 250; i++) createDeal(doc, { columnId: column, title: `Deal ${i}`, notes, amount: i }, SYSTEM_ORIGIN);
        },
        SYSTEM_ORIGIN,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  it('answers other requests while a large board is exported', async () => {
    let exportDone = false;
    const exported = get(`${server.url}/api/boards/${boardId}/export.csv`, { Authorization: `Bearer ${owner.token}` }).finally(() => (exportDone = true));
    let answeredDuringExport = 0;
    while (!exportDone) {
      const health = await get(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      if (!exportDone) answeredDuringExport++;
    }
    const result = await exported;
    expect(result.status).toBe(200);
    expect(result.body.trim().split('\r\n')).toHaveLength(DEALS + 1);
    // Rendered on the loop, the export would hold every other request until it is sent.
    expect(answeredDuringExport).toBeGreaterThanOrEqual(3);
  });

  it('builds the compaction snapshot from the store, equal to the live document', async () => {
    const live = await server.server.context.hub.read(boardId, (doc) => Y.encodeStateAsUpdate(doc));
    const { updates } = await server.store.loadDocument(boardId);
    const lastSeq = updates.at(-1)!.seq;
    await server.store.compact(boardId, lastSeq);
    const loaded = await server.store.loadDocument(boardId);
    expect(loaded.snapshotSeq).toBe(lastSeq);
    expect(loaded.updates).toEqual([]);
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, loaded.snapshot!);
    const fromLive = new Y.Doc();
    Y.applyUpdate(fromLive, live);
    expect(dealsMap(fromSnapshot).size).toBe(DEALS);
    expect(exportBoard(fromSnapshot)).toEqual(exportBoard(fromLive));
    expect(Y.encodeStateVector(fromSnapshot)).toEqual(Y.encodeStateVector(fromLive));
    // A second compaction with nothing new is a no-op. (Bytes compared as Buffers: a deep
    // equality over a 1.5 MB Uint8Array takes vitest tens of seconds on a loaded machine.)
    await server.store.compact(boardId, lastSeq);
    const again = (await server.store.loadDocument(boardId)).snapshot!;
    expect(Buffer.from(again).equals(Buffer.from(loaded.snapshot!))).toBe(true);
  });
});

describe('loading a large board', () => {
  it('reads it in a worker thread (SQLite; PostgreSQL reads over the network), the same records the log holds', async () => {
    const server = await startServer();
    try {
      const owner = await createUser(server.url, 'Owner');
      const boardId = await createBoard(server.url, owner);
      await server.server.context.hub.write(
        boardId,
        (doc) => {
          const column = selectColumns(doc).columns[0]!.id;
          for (let i = 0; i < 300; i++) createDeal(doc, { columnId: column, title: `Deal ${i}`, notes: 'x'.repeat(4_000) }, SYSTEM_ORIGIN);
        },
        SYSTEM_ORIGIN,
      );
      const jobs = async () => (await workerJobs.get()).values.find((v) => v.labels.worker === 'storeReadWorker' && v.labels.outcome === 'ok')?.value ?? 0;
      const before = await jobs();
      const loaded = await server.store.loadDocument(boardId);
      expect(await jobs()).toBe(before + (STORE_KIND === 'sqlite' ? 1 : 0));
      expect(loaded.snapshotSeq).toBe(0);
      const log = await server.store.listUpdates(boardId, 0);
      expect(loaded.updates.map(({ seq, userId, at }) => ({ seq, userId, at }))).toEqual(log.map(({ seq, userId, at }) => ({ seq, userId, at })));
      expect(loaded.updates.every((u, i) => Buffer.from(u.update).equals(Buffer.from(log[i]!.update)))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('buildSnapshot', () => {
  it('folds a snapshot and later updates into one state, garbage-collecting deleted content', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('t');
    text.insert(0, 'hello world');
    const snapshot = Y.encodeStateAsUpdate(doc);
    updates.length = 0;
    text.delete(0, 6);
    doc.getMap('m').set('k', 1);
    const built = buildSnapshot({ snapshot, updates });
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, built);
    expect(rebuilt.getText('t').toString()).toBe('world');
    expect(rebuilt.getMap('m').get('k')).toBe(1);
    expect(built).toEqual(Y.encodeStateAsUpdate(doc));
  });
});
