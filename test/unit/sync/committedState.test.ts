/**
 * A big board's kept full-state reply (server/src/sync/committedState.ts): slices, then the
 * commits after them, as sync messages a plain y-protocols client applies to the same
 * document, ending in one sync step 2; and what an early-answered client still lacks.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { CommittedState, MAX_TAIL_UPDATES } from '../../../server/src/sync/committedState';
import { encodeSyncUpdate, peekSyncStep1, syncPayload } from '../../../server/src/sync/protocol';
import { encodeStateAsSlices } from '../../../server/src/workers/stateSlices';

/** Applies sync messages as a y-protocols client does; returns their sync types in order. */
function receive(doc: Y.Doc, frames: Uint8Array[]): number[] {
  return frames.map((frame) => {
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(0);
    return syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
  });
}

function board(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const deals = doc.getMap('deals');
  for (let i = 0; i < 200; i++) {
    const deal = new Y.Map<unknown>();
    deals.set(`d${i}`, deal);
    deal.set('title', `Deal ${i}`);
    deal.set('title', `Deal ${i} renamed`);
  }
  return { doc, updates };
}

describe('CommittedState', () => {
  it('answers with every slice and later commit as update messages, the last a sync step 2, building the same document', () => {
    const { doc } = board();
    const kept = new CommittedState(encodeStateAsSlices(doc, 50, 50).map(encodeSyncUpdate), true);
    const later: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => later.push(update));
    doc.getMap('deals').delete('d3');
    (doc.getMap('deals').get('d4') as Y.Map<unknown>).set('title', 'After the load');
    for (const update of later) expect(kept.append(encodeSyncUpdate(update))).toBe(false);

    const client = new Y.Doc();
    const types = receive(client, kept.replyFrames());
    expect(types.length).toBeGreaterThan(5);
    expect(types.slice(0, -1).every((type) => type === syncProtocol.messageYjsUpdate)).toBe(true);
    expect(types.at(-1)).toBe(syncProtocol.messageYjsSyncStep2);
    expect(Y.equalSnapshots(Y.snapshot(client), Y.snapshot(doc))).toBe(true);
    expect(client.getMap('deals').toJSON()).toEqual(doc.getMap('deals').toJSON());
  });

  it('gives a client holding the loaded state exactly the commits since, ending in a step 2 that adds nothing', () => {
    const { doc } = board();
    const slices = encodeStateAsSlices(doc);
    const kept = new CommittedState(slices.map(encodeSyncUpdate), true);
    const client = new Y.Doc();
    for (const slice of slices) Y.applyUpdate(client, slice);
    expect(receive(client, kept.sinceLoadFrames()!)).toEqual([syncProtocol.messageYjsSyncStep2]);
    doc.once('update', (update: Uint8Array) => kept.append(encodeSyncUpdate(update)));
    doc.getMap('deals').set('late', 'x');
    receive(client, kept.sinceLoadFrames()!);
    expect(client.getMap('deals').get('late')).toBe('x');
    expect(new CommittedState([], false).sinceLoadFrames()).toBeNull();
  });

  it('asks to be re-sliced once the commits after the slices pass their bound, keeping the order of later ones', () => {
    const kept = new CommittedState([], true);
    const frame = encodeSyncUpdate(new Uint8Array([0, 0]));
    for (let i = 0; i < MAX_TAIL_UPDATES; i++) expect(kept.append(frame)).toBe(false);
    expect(kept.append(frame)).toBe(true);
    expect(kept.parts(10)).toHaveLength(10);
    expect(kept.tailFrom(MAX_TAIL_UPDATES - 1)).toHaveLength(2);
  });
});

describe('sync message helpers', () => {
  it('reads an update out of its message without copying, and a sync step 1 state vector only from a step 1', () => {
    const update = Y.encodeStateAsUpdate(board().doc);
    const frame = encodeSyncUpdate(update);
    const payload = syncPayload(frame);
    expect(payload).toEqual(update);
    expect(payload.buffer).toBe(frame.buffer);
    const doc = new Y.Doc();
    doc.getMap('deals').set('x', 1);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, doc);
    expect(peekSyncStep1(encoding.toUint8Array(encoder))).toEqual(Y.encodeStateVector(doc));
    expect(peekSyncStep1(frame)).toBeNull();
    expect(peekSyncStep1(new Uint8Array([0, 0, 5]))).toBeNull();
  });
});
