/**
 * The committed state vector both stores keep per board: advanced update by update, it
 * must equal the state vector of the document the log builds.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { advanceStateVector, buildSnapshot, stateVectorOf } from '../../server/src/store/stateVector';

/** What a room logs: three clients editing and syncing, recorded from the server's doc. */
function serverLog(): { log: Uint8Array[]; server: Y.Doc } {
  const server = new Y.Doc();
  const log: Uint8Array[] = [];
  server.on('update', (u: Uint8Array) => log.push(u));
  const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  for (let round = 0; round < 20; round++) {
    for (const [c, client] of clients.entries()) {
      client.transact(() => {
        client.getMap('deals').set(`c${c}-${round}`, round);
        if (round % 3 === 0) client.getText('notes').insert(0, `${c}`);
        if (round % 4 === 1) client.getMap('deals').delete(`c${c}-${round - 1}`);
      });
      // The server hears a client in batches, out of step with the others.
      if ((round + c) % 2 === 0) Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    }
  }
  return { log, server };
}

describe('committed state vector', () => {
  it('advanced over the log equals the state vector of the document it builds', () => {
    const { log, server } = serverLog();
    let vector: Uint8Array | null = null;
    for (let i = 0; i < log.length; i += 3) vector = advanceStateVector(vector, log.slice(i, i + 3));
    expect(Y.decodeStateVector(vector!)).toEqual(Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(stateVectorOf(log)).toEqual(vector);
  });

  it('never moves past a gap, and ignores bytes that are not an update', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('deals').set('a', 1); // clock 0..1
    doc.getMap('deals').set('b', 2); // clock 1..2
    doc.getText('notes').insert(0, 'hello'); // clock 2..7
    const [first, second, third] = updates as [Uint8Array, Uint8Array, Uint8Array];
    const id = doc.clientID;
    expect(Y.decodeStateVector(advanceStateVector(null, [first, third]))).toEqual(new Map([[id, 1]]));
    expect(Y.decodeStateVector(advanceStateVector(null, [second]))).toEqual(new Map());
    expect(Y.decodeStateVector(advanceStateVector(null, [first, new Uint8Array([1, 2, 3]), second, third]))).toEqual(new Map([[id, 7]]));
  });

  it('builds the same snapshot bytes from the same log every time', () => {
    const { log } = serverLog();
    expect(Buffer.from(buildSnapshot(log))).toEqual(Buffer.from(buildSnapshot(log)));
  });
});
