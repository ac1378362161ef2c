/**
 * A client answered early by a process whose room is still loading the board (EarlyAnswers)
 * must not miss what another process commits meanwhile: the early answer is the stored state
 * the load read, and a commit after that read reaches the loading room only through the bus
 * or its catch-up, before the client is in the room to hear it relayed. The room sends it what
 * was committed since its load when it handles the client's sync step 1.
 *
 * To commit inside that window for certain, process 2 is frozen (SIGSTOP) the moment the
 * early answer has arrived, while its room is still loading; process 1 commits; then it thaws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDeal, selectColumns, updateDeal } from '../../shared/src/board';
import { isValid, readDealById } from '../../shared/src/board/readers';
import { userOrigin } from '../../shared/src/board/origin';
import { api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { rawSync, type RawSyncClient } from '../helpers/rawSync';
import { startCluster, type LocalCluster } from '../helpers/cluster';

let cluster: LocalCluster;
let owner: TestUser;
const open: Array<DocClient | RawSyncClient> = [];
const url = (i: number): string => cluster.processes[i]!.url;

function titleOf(doc: Y.Doc, dealId: string): string | null {
  const deal = readDealById(doc, dealId);
  return deal && isValid(deal) ? deal.title : null;
}

beforeAll(async () => {
  cluster = await startCluster(2, { processEnv: { TEST_SLICED_REPLY_BYTES: String(64 * 1024) } });
  owner = await createUser(url(0), 'Owner');
}, 120_000);

afterAll(async () => {
  for (const client of open) {
    if ('provider' in client) client.destroy();
    else client.close();
  }
  cluster?.processes[1]?.thaw();
  await cluster?.destroy();
});

describe('an early answer on a process still loading the board', () => {
  it('is followed by what another process committed while the room loaded', async () => {
    const boardId = await createBoard(url(0), owner, 'Cold on process 2');
    const writer = connectDoc(url(0), owner, boardId);
    const observer = connectDoc(url(0), owner, boardId);
    open.push(writer, observer);
    await Promise.all([writer.synced, observer.synced]);
    const columnId = selectColumns(writer.doc).columns[0]!.id;
    let dealId = '';
    writer.doc.transact(() => {
      for (let i = 0; i < 300; i++) {
        const created = createDeal(writer.doc, { columnId, title: `Deal ${i}`, notes: `Notes ${i} `.repeat(60) }, userOrigin(owner.id));
        if (created.ok) dealId = created.value.dealId;
      }
    });
    await expect.poll(async () => (await api<{ deals: unknown[] }>(url(0), owner, 'GET', `/api/boards/${boardId}/deals`)).body.deals.length).toBe(300);

    // Process 2 restarts, so its room loads the board cold, and freezes the moment its early
    // answer is complete. Its room may have got the connection already by then (the load and
    // the answer race on a busy machine): then the window is missed, and the set-up is redone.
    let late: RawSyncClient | null = null;
    for (let attempt = 0; attempt < 5 && !late; attempt++) {
      await cluster.processes[1]!.stop();
      await cluster.processes[1]!.start();
      const client = await rawSync(cluster.processes[1]!.url.replace(/^http/, 'ws'), owner, boardId);
      open.push(client);
      let frozenBeforeTheRoom = false;
      let froze = false;
      client.onFrame = (frame) => {
        if (frame.kind !== 'step2' || froze) return;
        froze = true;
        // The early answer is complete; has the room sent its own sync step 1 yet (has it got the connection)?
        frozenBeforeTheRoom = !client.frames.some((f) => f.kind === 'step1');
        cluster.processes[1]!.freeze();
      };
      await client.synced;
      if (frozenBeforeTheRoom) late = client;
      else {
        cluster.processes[1]!.thaw();
        client.close();
      }
    }
    if (!late) throw new Error('in 5 tries, process 2 never answered early before its room took the connection');

    updateDeal(writer.doc, { dealId, patch: { title: 'Committed while process 2 loaded' } }, userOrigin(owner.id));
    // Commit before broadcast: the observer has it, so it is in PostgreSQL.
    await expect.poll(() => titleOf(observer.doc, dealId)).toBe('Committed while process 2 loaded');
    expect(late.frames.some((f) => f.kind === 'step1')).toBe(false);
    cluster.processes[1]!.thaw();

    await expect.poll(() => titleOf(late.doc, dealId)).toBe('Committed while process 2 loaded');
    expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(observer.doc));
    expect(late.doc.getMap('deals').toJSON()).toEqual(observer.doc.getMap('deals').toJSON());
  });
});
