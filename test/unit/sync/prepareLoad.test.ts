/**
 * The worker half of opening a board: one garbage-collected update equal to the stored
 * board, the schema verdict, and who wrote with which Yjs client id.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { clientsOf, prepareLoad } from '../../../server/src/workers/prepareLoad';

function recorder(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe('prepareLoad', () => {
  it('folds a snapshot and its log into one update equal to the document, with deleted content collected', () => {
    const doc = new Y.Doc();
    const updates = recorder(doc);
    doc.getMap('board').set('name', 'first');
    const snapshot = Y.encodeStateAsUpdate(doc);
    updates.length = 0;
    doc.getMap('board').set('name', 'x'.repeat(1000));
    doc.getMap('board').set('name', 'second');
    const prepared = prepareLoad({ snapshot, updates: updates.map((update) => ({ update, userId: 'u1' })) });
    expect(prepared.violation).toBeNull();
    expect(prepared.state).toEqual(Y.encodeStateAsUpdate(doc));
    expect(prepared.state.byteLength).toBeLessThan(updates.reduce((sum, u) => sum + u.byteLength, 0));
    expect(prepared.clientsByUser).toEqual([['u1', [doc.clientID]]]);
  });

  it('reports a stored state that breaks the schema and encodes nothing', () => {
    const doc = new Y.Doc();
    const updates = recorder(doc);
    doc.getMap('intruder').set('k', 1);
    const prepared = prepareLoad({ snapshot: null, updates: updates.map((update) => ({ update, userId: null })) });
    expect(prepared.violation).toMatch(/intruder/);
    expect(prepared.state.byteLength).toBe(0);
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
