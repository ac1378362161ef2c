/**
 * detectConflicts on plain Y.Docs: a "server" doc and two writers whose updates reach it when
 * the test says so. A write of a field value its author had not seen is a conflict; a write
 * made after seeing it, a repeated write in one update, or one's own other tab is not.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDeal, readDealById, updateDeal, userOrigin } from '../../../shared/src/board';
import { checkConflicts } from '../../../server/src/sync/detectConflicts';
import { pipelineBoard, value } from '../board/util';

const ADA = { id: 'ada', name: 'Ada' };
const BOB = { id: 'bob', name: 'Bob' };

/** Applies what `writer` has and `server` lacks, as that writer's connection would; returns the conflicts. */
function deliver(server: Y.Doc, writer: Y.Doc, actor: { id: string; name: string }) {
  const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(server));
  const told = checkConflicts(server, update, actor, 'board-1');
  Y.applyUpdate(server, update, actor);
  return told();
}

function setup() {
  const { doc: server, columns } = pipelineBoard();
  const dealId = value(createDeal(server, { columnId: columns.talks, title: 'Amazon to invest in OpenAI', amount: 100 }, userOrigin('ada'))).dealId;
  const ada = new Y.Doc();
  const bob = new Y.Doc();
  // Both writers start from the server's state (written by no connection: its author is unknown).
  Y.applyUpdate(ada, Y.encodeStateAsUpdate(server));
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(server));
  return { server, ada, bob, dealId };
}

const amount = (doc: Y.Doc, dealId: string) => {
  const deal = readDealById(doc, dealId);
  return deal && !deal.invalid ? deal.amount : undefined;
};

describe('checkConflicts', () => {
  it('reports a concurrent write of the same field with both people, both values and the kept one', () => {
    const { server, ada, bob, dealId } = setup();
    updateDeal(ada, { dealId, patch: { amount: 600 } }, userOrigin('ada'));
    updateDeal(bob, { dealId, patch: { amount: 500 } }, userOrigin('bob'));
    expect(deliver(server, ada, ADA)).toEqual([]);
    const events = deliver(server, bob, BOB);
    expect(events).toHaveLength(1);
    const { field, kept, overwritten } = events[0]!.data as {
      field: string;
      kept: { name: string; value: number };
      overwritten: { name: string; value: number };
    };
    expect(field).toBe('amount');
    expect(kept.value).toBe(amount(server, dealId));
    expect([kept, overwritten].map((s) => `${s.name}:${s.value}`).sort()).toEqual(['Ada:600', 'Bob:500']);
    expect(events[0]!.type).toBe('deal.conflict');
    expect(events[0]!.dealId).toBe(dealId);
  });

  it('is silent when the writer had seen the value it replaces, or sets a key twice in one update', () => {
    const { server, ada, bob, dealId } = setup();
    updateDeal(ada, { dealId, patch: { amount: 600 } }, userOrigin('ada'));
    deliver(server, ada, ADA);
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(server));
    updateDeal(bob, { dealId, patch: { amount: 500 } }, userOrigin('bob'));
    updateDeal(bob, { dealId, patch: { amount: 550 } }, userOrigin('bob'));
    expect(deliver(server, bob, BOB)).toEqual([]);
    expect(amount(server, dealId)).toBe(550);
  });

  it('is silent for the same person in two tabs, and for different fields', () => {
    const { server, ada, bob, dealId } = setup();
    const adaTab2 = new Y.Doc();
    Y.applyUpdate(adaTab2, Y.encodeStateAsUpdate(server));
    updateDeal(ada, { dealId, patch: { amount: 600 } }, userOrigin('ada'));
    updateDeal(adaTab2, { dealId, patch: { amount: 700 } }, userOrigin('ada'));
    updateDeal(bob, { dealId, patch: { title: 'Amazon to invest up to $50B in OpenAI' } }, userOrigin('bob'));
    expect(deliver(server, ada, ADA)).toEqual([]);
    expect(deliver(server, adaTab2, ADA)).toEqual([]);
    expect(deliver(server, bob, BOB)).toEqual([]);
  });
});
