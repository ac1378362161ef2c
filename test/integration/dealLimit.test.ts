/**
 * The per-board deal limit against the real server: a board holding MAX_DEALS_PER_BOARD deals
 * takes no more from a raw Yjs client (4413 "board is full", nothing applied), from REST (400
 * with the message) or from a CSV import (the row is refused), and stays readable and editable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { selectColumns, updateDeal } from '../../shared/src/board';
import { DEAL_LIMIT_MESSAGE, MAX_DEALS_PER_BOARD } from '../../shared/src/board/limits';
import { userOrigin } from '../../shared/src/board/origin';
import { dealsMap } from '../../shared/src/board/schema';
import { CloseCodes } from '../../shared/src/closeCodes';
import { api, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { startServer, type StartedServer } from '../helpers/startServer';
import { openTestStore } from '../helpers/testStores';

function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // sync
  encoding.writeVarUint(encoder, 2); // update
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('deal limit', () => {
  let server: StartedServer;
  let owner: TestUser;
  let boardId: string;
  let columnId: string;

  beforeAll(async () => {
    const first = await startServer({ keepDataDir: true });
    owner = await createUser(first.url, 'Owner');
    boardId = await createBoard(first.url, owner);
    await first.close();
    // Minimal deals stored as one update while no server runs: the fixture skips deriving ten
    // thousand activity events, which takes minutes on a loaded machine.
    const store = await openTestStore(first.dataDir);
    const loaded = await store.loadDocument(boardId);
    const doc = new Y.Doc();
    for (const part of [loaded.snapshot, ...loaded.updates.map((u) => u.update)]) if (part) Y.applyUpdate(doc, part);
    columnId = selectColumns(doc).columns[0]!.id;
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (let i = 0; i < MAX_DEALS_PER_BOARD; i++) {
        const map = new Y.Map<unknown>();
        dealsMap(doc).set(`deal-${i}`, map);
        map.set('title', `Deal ${i}`);
        map.set('columnId', columnId);
        map.set('rank', `a${String(i).padStart(5, '0')}`);
      }
    });
    await store.appendUpdates(boardId, [
      { update: Y.encodeStateAsUpdate(doc, before), userId: owner.id, at: new Date().toISOString(), clientIds: [doc.clientID] },
    ]);
    await store.close();
    server = await startServer({ dataDir: first.dataDir });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  it('closes a Yjs client that adds a deal past the limit with 4413 "board is full", applying nothing', async () => {
    const client = connectDoc(server.url, owner, boardId);
    await client.synced;
    expect(dealsMap(client.doc).size).toBe(MAX_DEALS_PER_BOARD);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
    const before = Y.encodeStateVector(copy);
    copy.transact(() => {
      const map = new Y.Map<unknown>();
      dealsMap(copy).set('one-too-many', map);
      map.set('title', 'One too many');
      map.set('columnId', columnId);
      map.set('rank', 'b0');
    });
    const ws = new WebSocket(`${server.wsUrl}/yjs/${boardId}`, { headers: { Authorization: `Bearer ${owner.token}` } });
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.send(syncUpdate(Y.encodeStateAsUpdate(copy, before)));
    expect(await closed).toEqual({ code: CloseCodes.TooLarge, reason: 'board is full' });
    expect(await server.server.context.hub.read(boardId, (doc) => [dealsMap(doc).size, dealsMap(doc).has('one-too-many')])).toEqual([
      MAX_DEALS_PER_BOARD,
      false,
    ]);

    // Editing what is there still works.
    updateDeal(client.doc, { dealId: 'deal-1', patch: { title: 'Renamed' } }, userOrigin(owner.id));
    const renamed = async () => server.server.context.hub.read(boardId, (doc) => dealsMap(doc).get('deal-1')?.get('title'));
    for (const deadline = Date.now() + 10_000; (await renamed()) !== 'Renamed' && Date.now() < deadline;) await new Promise((r) => setImmediate(r));
    expect(await renamed()).toBe('Renamed');
    client.destroy();
  });

  it('answers a REST create past the limit with 400 and the message, and refuses the import row', async () => {
    const created = await api<{ error: { code: string; message: string } }>(server.url, owner, 'POST', `/api/boards/${boardId}/deals`, {
      title: 'One too many',
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toEqual({ code: 'invalid_input', message: DEAL_LIMIT_MESSAGE });

    const response = await fetch(`${server.url}/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'text/csv' },
      body: 'title\nImported one\n',
    });
    const outcome = (await response.json()) as { created: number; errors: { row: number; message: string }[] };
    expect(outcome.created).toBe(0);
    expect(outcome.errors.map((e) => e.message)).toEqual([DEAL_LIMIT_MESSAGE]);
    expect(await server.server.context.hub.read(boardId, (doc) => dealsMap(doc).size)).toBe(MAX_DEALS_PER_BOARD);
  });
});
