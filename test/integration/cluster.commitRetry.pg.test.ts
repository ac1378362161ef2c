/**
 * A room holds a batch PostgreSQL refused (nothing committed) and tries it again, its
 * connections kept open (BoardRoom.keepForRetry). That is only safe while the batch's senders
 * are still here: a browser that leaves sends its unsaved edits again through whichever process
 * it reaches next, and that process derives the same deal.created from them. Both rooms
 * committing would record the action twice (found by the chaos test, seed 201792949).
 *
 * The scenario, made deterministic: during an outage the same edit waits on both processes
 * (the writer's on process 1, sent again through process 2). The writer leaves process 1;
 * process 1 gives its batch up (its room closes, 4503), and the action is recorded once. A
 * connection that has nothing in the batch leaving changes nothing: the batch is still held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDeal, readDeals, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { api, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestUser } from '../helpers/clients';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let owner: TestUser;
const open: DocClient[] = [];
const url = (i: number): string => cluster.processes[i]!.url;
const printed = (i: number, text: string): boolean => cluster.processes[i]!.output().includes(text);

beforeAll(async () => {
  // Logging on in the processes: the retry and the give-up are told by their log lines.
  cluster = await startCluster(2, { processEnv: { TRANCHE_LOG: '1' } });
  owner = await createUser(url(0), 'Owner');
}, 120_000);

afterAll(async () => {
  for (const client of open) client.destroy();
  await cluster?.destroy();
});

function connect(i: number, boardId: string): DocClient {
  const client = connectDoc(url(i), owner, boardId);
  open.push(client);
  return client;
}

describe('a batch held for a retry when someone else leaves', () => {
  it('is still held: a connection with no edit in it cannot send any again', async () => {
    const boardId = await createBoard(url(0), owner, 'Bystanders');
    const writer = connect(0, boardId);
    const bystander = connect(0, boardId);
    await Promise.all([writer.synced, bystander.synced]);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
    const column = selectColumns(writer.doc).columns[0]!.id;
    const retriesBefore = cluster.processes[0]!.output().split('trying again').length;

    await cluster.postgres.stop('immediate');
    try {
      createDeal(writer.doc, { columnId: column, title: 'kept through the outage' }, userOrigin(owner.id));
      await waitFor(() => cluster.processes[0]!.output().split('trying again').length > retriesBefore, 'the writer’s batch held for a retry');
      bystander.destroy();
    } finally {
      await cluster.postgres.start();
    }
    // Saved over the writer's own connection, which the room kept open.
    const created = await api(url(0), owner, 'POST', `/api/boards/${boardId}/deals`, { title: 'after' });
    expect(created.status).toBe(201);
    const reader = connect(1, boardId);
    await reader.synced;
    expect(
      readDeals(reader.doc)
        .flatMap((deal) => (deal.invalid ? [] : [deal.title]))
        .sort(),
    ).toEqual(['after', 'kept through the outage']);
    expect(closes).toEqual([]);
  });
});

describe('a batch held for a retry when its sender leaves', () => {
  it('is given up, so an edit sent again through another process is recorded once', async () => {
    const boardId = await createBoard(url(0), owner, 'Held batches');
    const writer = connect(0, boardId);
    const peer = connect(1, boardId);
    await Promise.all([writer.synced, peer.synced]);
    const column = selectColumns(writer.doc).columns[0]!.id;
    createDeal(writer.doc, { columnId: column, title: 'before' }, userOrigin(owner.id));
    await waitFor(() => readDeals(peer.doc).length === 1, 'the first edit committed and relayed');

    await cluster.postgres.stop('immediate');
    try {
      createDeal(writer.doc, { columnId: column, title: 'while down' }, userOrigin(owner.id));
      await waitFor(() => printed(0, 'trying again'), 'process 1 holding the writer’s batch for a retry');
      // The same edit reaches process 2, as the writer's browser would send it after a reconnect.
      Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(writer.doc));
      await waitFor(() => printed(1, 'trying again'), 'process 2 holding the same edit for a retry');
      writer.destroy();
      await waitFor(() => printed(0, 'a connection left while its edits waited'), 'process 1 giving its held batch up');
    } finally {
      await cluster.postgres.start();
    }

    const titles = async (): Promise<string[]> => {
      const events = await api<Array<{ type: string; data: { title?: string } }>>(url(1), owner, 'GET', `/api/boards/${boardId}/activity`);
      return events.body
        .filter((event) => event.type === 'deal.created')
        .map((event) => event.data.title ?? '')
        .sort();
    };
    // A deal added through each process's room commits behind anything that room still held.
    for (const i of [0, 1]) {
      const created = await api(url(i), owner, 'POST', `/api/boards/${boardId}/deals`, { title: `after, through process ${i + 1}` });
      expect(created.status).toBe(201);
    }
    expect(await titles()).toEqual(['after, through process 1', 'after, through process 2', 'before', 'while down']);
    const reader = connect(0, boardId);
    await reader.synced;
    expect(
      readDeals(reader.doc)
        .flatMap((deal) => (deal.invalid ? [] : [deal.title]))
        .sort(),
    ).toEqual(['after, through process 1', 'after, through process 2', 'before', 'while down']);
  });
});
