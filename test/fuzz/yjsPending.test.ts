/**
 * Upstream behaviour the fuzz ran into (seed 187): with yjs 13.6.33, updates
 * delivered out of causal order can stay pending forever although all their
 * dependencies have arrived (integrateStructs records a too-high "missing"
 * clock when the pending update also holds a later, gapped run of the client
 * it depends on). The y-websocket handshake (state-vector sync) heals it, and
 * a central relay over FIFO sockets delivers causally, so production is not
 * affected; the fuzz's full exchange includes that handshake.
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/yjs-pending-deadlock.json', import.meta.url), 'utf8')) as { updates: string[] };
const updates = fixture.updates.map((b64) => Uint8Array.from(Buffer.from(b64, 'base64')));

describe('yjs pending structs under non-causal delivery', () => {
  it('one by one they stay pending; the same updates merged apply fully', () => {
    const stuck = new Y.Doc();
    for (const update of updates) Y.applyUpdate(stuck, update);
    const complete = new Y.Doc();
    Y.applyUpdate(complete, Y.mergeUpdates(updates));
    expect(complete.store.pendingStructs).toBeNull();
    // If this starts failing, upstream fixed the bug: drop this assertion.
    expect(stuck.store.pendingStructs).not.toBeNull();
  });

  it('a state-vector sync from a complete peer heals the stuck replica', () => {
    const stuck = new Y.Doc();
    for (const update of updates) Y.applyUpdate(stuck, update);
    const complete = new Y.Doc();
    Y.applyUpdate(complete, Y.mergeUpdates(updates));
    Y.applyUpdate(stuck, Y.encodeStateAsUpdate(complete, Y.encodeStateVector(stuck)));
    expect(stuck.store.pendingStructs).toBeNull();
    expect(Y.encodeStateVector(stuck)).toEqual(Y.encodeStateVector(complete));
  });
});
