/**
 * Design point 5 of the cluster (issue 11): before a room handles any frame of a new
 * connection it catches up to the committed head.
 *
 * The scenario it prevents: Dan (an editor) saw Carol's rename through process 1, then his
 * client reconnects to process 2, which has not heard of the rename yet (its Redis link is cut
 * and its head poll slowed to minutes). His sync step 2 carries the rename. A room that is
 * behind takes it as Dan's own new write: it binds process 1's Yjs client id to Dan, and the
 * name guard (renaming is the owner's) puts the old name back, a revert committed to
 * PostgreSQL for everyone. Caught up first, the rename is nothing new to the room.
 *
 * Dan's client has one connection at a time, as a browser does: a second provider on the same
 * document would carry the revert back to process 1, whose name guard would undo it and hide
 * the defect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import pg from 'pg';
import { createDeal, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { boardMap } from '../../shared/src/board/schema';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestUser } from '../helpers/clients';
import { framesHandled, markerSeen } from '../helpers/signals';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let carol: TestUser;
let dan: TestUser;
const open: DocClient[] = [];
const url = (i: number): string => cluster.processes[i]!.url;

function connect(i: number, user: TestUser, boardId: string, doc?: Y.Doc): DocClient {
  const client = connectDoc(url(i), user, boardId, doc ? { doc } : {});
  open.push(client);
  return client;
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The board's name as a process loading it from PostgreSQL would see it (snapshot plus log). */
async function storedName(boardId: string): Promise<unknown> {
  const [snapshot] = await query<{ upto_seq: number; state: Buffer }>(
    'SELECT upto_seq, state FROM doc_snapshots WHERE board_id = $1 ORDER BY upto_seq DESC LIMIT 1',
    [boardId],
  );
  const updates = await query<{ update: Buffer }>('SELECT "update" FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [
    boardId,
    snapshot?.upto_seq ?? 0,
  ]);
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.state));
  for (const row of updates) Y.applyUpdate(doc, new Uint8Array(row.update));
  return boardMap(doc).get('name');
}

beforeAll(async () => {
  // Process 2 must not catch up on its own during the test: its head poll runs every 10 minutes.
  cluster = await startCluster(2, { processEnv: { TEST_HEAD_POLL_MS: '600000' } });
  carol = await createUser(url(0), 'Carol');
  dan = await createUser(url(0), 'Dan');
}, 120_000);

afterAll(async () => {
  for (const client of open) client.destroy();
  await cluster?.destroy();
});

describe('a room that lags behind the committed head', () => {
  it("catches up before a reconnecting client's frames, so it never takes another's update as the client's own", async () => {
    const boardId = await createBoard(url(0), carol, 'Before the rename');
    await addMember(url(0), carol, boardId, dan, 'editor');
    // Carol has two connections on process 2: what reaches the second one was committed there.
    const lagging = connect(1, carol, boardId);
    const watcher = connect(1, carol, boardId);
    await Promise.all([lagging.synced, watcher.synced]);
    const marked = createDeal(lagging.doc, { columnId: selectColumns(lagging.doc).columns[0]!.id, title: 'Marker' }, userOrigin(carol.id));
    const markerId = marked.ok ? marked.value.dealId : '';
    // Committed on process 2 before the rename (a later commit there would fill the gap from the log).
    await markerSeen(lagging, [watcher], markerId);

    cluster.processes[1]!.redisLink.cut();
    try {
      const renamed = await api(url(0), carol, 'PATCH', `/api/boards/${boardId}`, { name: 'Renamed on process 1' });
      expect(renamed.status).toBe(200);
      expect(boardMap(lagging.doc).get('name')).toBe('Before the rename'); // process 2 has not heard of it

      // Dan sees the rename on process 1, then his client reconnects to process 2 with the same document.
      const onFirst = connect(0, dan, boardId);
      await onFirst.synced;
      await waitFor(() => boardMap(onFirst.doc).get('name') === 'Renamed on process 1', 'the rename at Dan');
      onFirst.provider.destroy();
      const onSecond = connect(1, dan, boardId, onFirst.doc);
      await onSecond.synced;
      // Process 2 has handled Dan's frames (his sync step 2 among them) and committed what they caused.
      await framesHandled(onSecond, watcher);
      await markerSeen(lagging, [watcher], markerId);

      expect(boardMap(lagging.doc).get('name')).toBe('Renamed on process 1');
      expect(boardMap(onSecond.doc).get('name')).toBe('Renamed on process 1');
      expect(await storedName(boardId)).toBe('Renamed on process 1');
      // Dan wrote nothing: no Yjs client id is bound to him, and no activity is his.
      expect(await query('SELECT client_id FROM doc_clients WHERE board_id = $1 AND user_id = $2', [boardId, dan.id])).toEqual([]);
      expect(await query('SELECT type FROM activity WHERE board_id = $1 AND actor_id = $2', [boardId, dan.id])).toEqual([]);
    } finally {
      cluster.processes[1]!.redisLink.restore();
    }
  });
});
