/**
 * Commit before broadcast, proven the hard way: `kill -9` the server process while
 * clients write; after a restart, everything any client had received from the server
 * is in the reloaded board.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { createDeal, selectColumns, updateDeal, readDeals } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { connectDoc, createBoard, createUser, waitFor, type DocClient } from '../helpers/clients';
import { removeStoreFor, storeConfigFor } from '../helpers/testStores';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tranche-crash-'));
const children: ChildProcess[] = [];

/** Starts `server/src/index.ts` in its own process (STORE=pg: on this file's database); resolves with its URL. */
async function startProcess(): Promise<{ child: ChildProcess; url: string }> {
  const { databaseUrl } = await storeConfigFor(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', VITEST: '', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  await removeStoreFor(dataDir);
});

describe('kill -9 while clients write', () => {
  it('loses nothing that any client received from the server', async () => {
    const first = await startProcess();
    const owner = await createUser(first.url, 'Owner');
    const boardId = await createBoard(first.url, owner);
    const writers: DocClient[] = [0, 1, 2].map(() => connectDoc(first.url, owner, boardId));
    const observer = connectDoc(first.url, owner, boardId);
    await Promise.all([...writers, observer].map((c) => c.synced));
    const column = selectColumns(observer.doc).columns[0]!.id;

    let running = true;
    const loops = writers.map(async (writer, w) => {
      let i = 0;
      while (running) {
        const created = createDeal(writer.doc, { columnId: column, title: `w${w} deal ${i}` }, userOrigin(owner.id));
        if (created.ok && i % 3 === 0) updateDeal(writer.doc, { dealId: created.value.dealId, patch: { amount: i * 1_000 } }, userOrigin(owner.id));
        i++;
        await new Promise((r) => setTimeout(r, 3));
      }
    });
    await waitFor(() => readDeals(observer.doc).length > 150, 'writes flowing', 20_000);
    first.child.kill('SIGKILL');
    running = false;
    await Promise.all(loops);
    // Everything the observer holds came from the server (it never writes).
    const received = Y.encodeStateAsUpdate(observer.doc);
    const receivedVector = Y.decodeStateVector(Y.encodeStateVector(observer.doc));
    for (const client of [...writers, observer]) client.destroy();

    const second = await startProcess();
    const reloaded = connectDoc(second.url, owner, boardId);
    await reloaded.synced;
    const reloadedVector = Y.decodeStateVector(Y.encodeStateVector(reloaded.doc));
    for (const [clientId, clock] of receivedVector) {
      expect(reloadedVector.get(clientId) ?? 0, `client ${clientId}`).toBeGreaterThanOrEqual(clock);
    }
    // Applying what the observer had adds nothing new.
    const before = Y.encodeStateVector(reloaded.doc);
    Y.applyUpdate(reloaded.doc, received);
    expect(Y.encodeStateVector(reloaded.doc)).toEqual(before);
    expect(readDeals(reloaded.doc).length).toBeGreaterThan(150);
    reloaded.destroy();
    second.child.kill('SIGTERM');
  }, 60_000);
});

describe('SIGTERM', () => {
  it('flushes every board and exits 0', async () => {
    const running = await startProcess();
    const owner = await createUser(running.url, 'Owner');
    const boardId = await createBoard(running.url, owner);
    const writer = connectDoc(running.url, owner, boardId);
    await writer.synced;
    const column = selectColumns(writer.doc).columns[0]!.id;
    const watcher = connectDoc(running.url, owner, boardId);
    await watcher.synced;
    for (let i = 0; i < 30; i++) createDeal(writer.doc, { columnId: column, title: `Deal ${i}` }, userOrigin(owner.id));
    // The server reads a connection's frames in order: once the presence the writer sends after
    // its deals is relayed, the server holds every deal (committed or still in its batch).
    writer.provider.awareness.setLocalStateField('marker', 'after the deals');
    await waitFor(
      () => [...watcher.provider.awareness.getStates().values()].some((state) => state.marker === 'after the deals'),
      'the presence after the deals',
    );
    watcher.destroy();
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
    running.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    writer.destroy();

    const again = await startProcess();
    const reader = connectDoc(again.url, owner, boardId);
    await reader.synced;
    await waitFor(() => readDeals(reader.doc).length === 30, 'every deal back');
    reader.destroy();
    again.child.kill('SIGTERM');
  }, 60_000);
});
