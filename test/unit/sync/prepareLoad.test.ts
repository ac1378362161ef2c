/**
 * The worker half of opening a board: garbage-collected slices equal to the stored board
 * (handed over early only when checked), the schema verdict, and who wrote with which Yjs client id.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { clientsOf, prepareLoad } from '../../../server/src/workers/prepareLoad';
import { syncPayload } from '../../../server/src/sync/protocol';
import { BoardCache } from '../../../server/src/activity/boardCache';
import { createDeal, initBoard, selectColumns } from '../../../shared/src/board';
import { userOrigin } from '../../../shared/src/board/origin';

function recorder(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

function rebuild(slices: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const slice of slices) Y.applyUpdate(doc, slice);
  return doc;
}

describe('prepareLoad', () => {
  it('folds a snapshot and its log into slices equal to the document, with deleted content collected, handed over first', () => {
    const doc = new Y.Doc();
    const updates = recorder(doc);
    doc.getMap('board').set('name', 'first');
    const snapshot = Y.encodeStateAsUpdate(doc);
    updates.length = 0;
    doc.getMap('board').set('name', 'x'.repeat(1000));
    doc.getMap('board').set('name', 'second');
    const early: Uint8Array[][] = [];
    const prepared = prepareLoad(
      { snapshot, updates: updates.map((update) => ({ update, userId: 'u1' })) },
      {
        frames: (frames) => early.push(frames),
        state: (message) => early.push([message]),
      },
    );
    expect(prepared.violation).toBeNull();
    expect(prepared.exact).toBe(true);
    // The whole state as one sync step 2 first, then the slices.
    expect(early).toEqual([[prepared.stateMessage], prepared.frames]);
    expect(syncPayload(prepared.stateMessage)).toEqual(Y.encodeStateAsUpdate(doc));
    const slices = prepared.frames.map(syncPayload);
    const state = Y.mergeUpdates(slices);
    expect(Y.encodeStateAsUpdate(rebuild(slices))).toEqual(Y.encodeStateAsUpdate(doc));
    expect(state.byteLength).toBeLessThan(updates.reduce((sum, u) => sum + u.byteLength, 0));
    expect(prepared.clientsByUser).toEqual([['u1', [doc.clientID]]]);
  });

  it('hands over the state as slices building the same document, and what the activity cache keeps of each deal', () => {
    const doc = new Y.Doc();
    const updates = recorder(doc);
    const origin = userOrigin('u1');
    initBoard(doc, { name: 'Board', template: 'pipeline' }, origin);
    const columnId = selectColumns(doc).columns[0]!.id;
    for (let i = 0; i < 20; i++)
      createDeal(doc, { columnId, title: `Deal ${i}`, acquirer: `A${i}`, target: `T${i}`, tags: ['x'], notes: `@[Bo](user:u${i})` }, origin);
    const prepared = prepareLoad({ snapshot: null, updates: updates.map((update) => ({ update, userId: 'u1' })) });
    const rebuilt = new Y.Doc();
    for (const frame of prepared.frames) Y.applyUpdate(rebuilt, syncPayload(frame));
    expect(rebuilt.getMap('deals').toJSON()).toEqual(doc.getMap('deals').toJSON());
    expect(new Map(prepared.deals)).toEqual(new BoardCache(doc).deals);
    expect(prepared.deals).toHaveLength(20);
  });

  it('reports a stored state that breaks the schema and encodes nothing', () => {
    const doc = new Y.Doc();
    const updates = recorder(doc);
    doc.getMap('intruder').set('k', 1);
    const early: Uint8Array[][] = [];
    const prepared = prepareLoad(
      { snapshot: null, updates: updates.map((update) => ({ update, userId: null })) },
      {
        frames: (frames) => early.push(frames),
        state: (message) => early.push([message]),
      },
    );
    expect(prepared.violation).toMatch(/intruder/);
    expect(prepared.exact).toBe(false);
    expect(early).toEqual([]);
    expect(prepared.frames).toEqual([]);
    expect(prepared.deals).toEqual([]);
    expect(prepared.clientsByUser).toEqual([]);
  });
});

describe('clientsOf', () => {
  it('reads one client from the header and every client of a merged update', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const fromA = recorder(a);
    const fromB = recorder(b);
    a.getMap('deals').set('x', 1);
    b.getMap('deals').set('y', 2);
    b.getMap('deals').delete('y');
    expect(clientsOf(fromA[0]!)).toEqual([a.clientID]);
    expect(clientsOf(Y.mergeUpdates([...fromA, ...fromB])).sort()).toEqual([a.clientID, b.clientID].sort());
    // A delete-only update carries no structs.
    expect(clientsOf(fromB[1]!)).toEqual([]);
  });
});
