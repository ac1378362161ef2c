/**
 * `board:saved` reaches a socket on another process while Redis is down. The process that
 * committed cannot publish it (the Socket.IO adapter drops what Redis does not take), but
 * the other process's room reads those commits from PostgreSQL on its head poll: they are on
 * disk, and that process tells its own joined sockets so, with the committed state vector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connectDoc, connectSocket, createBoard, createUser, type DocClient, type TestSocket, type TestUser } from '../helpers/clients';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let ada: TestUser;
const sockets: TestSocket[] = [];
const docs: DocClient[] = [];
const url = (index: number): string => cluster.processes[index]!.url;

beforeAll(async () => {
  cluster = await startCluster(2);
  ada = await createUser(url(0), 'Ada');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const doc of docs) doc.destroy();
  await cluster?.destroy();
});

/** Every clock of `target` is reached by `saved` (both base64 state vectors). */
function covers(saved: string, target: string): boolean {
  const have = Y.decodeStateVector(Buffer.from(saved, 'base64'));
  for (const [client, clock] of Y.decodeStateVector(Buffer.from(target, 'base64'))) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

async function watch(index: number, boardId: string): Promise<string[]> {
  const socket = await connectSocket(url(index), ada);
  sockets.push(socket);
  expect(await socket.emitWithAck('board:join', { boardId })).toEqual({ ok: true });
  const saved: string[] = [];
  socket.on('board:saved', (event) => saved.push(event.stateVector));
  return saved;
}

describe('board:saved with Redis down', () => {
  it('reaches a socket on the other process once its room has read the commit from PostgreSQL', async () => {
    const boardId = await createBoard(url(0), ada, 'Saved from the store');
    // The board is loaded on process 2 too (a live client there), so its head poll follows it.
    const client = connectDoc(url(1), ada, boardId);
    docs.push(client);
    await client.synced;
    const here = await watch(0, boardId);
    const there = await watch(1, boardId);

    await cluster.redis.kill();
    try {
      const created = await api(url(0), ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'Committed while Redis is down' });
      expect(created.status).toBe(201);
      // Process 1's own socket hears its commit; the same state reaches process 2's from the store.
      await expect.poll(() => here.length).toBeGreaterThan(0);
      const target = here.at(-1)!;
      await expect.poll(() => there.some((saved) => covers(saved, target))).toBe(true);
    } finally {
      await cluster.redis.start();
    }
  });
});
