/** Linking a deal to its round (and unlinking it) is activity in plain words, with the ids in `data`. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeal, setPartOf, updateDeal, userOrigin } from '../../../shared/src/board';
import { ADA, ADA_CONNECTION, type Harness, type SeededBoard, createHarness, must, seedBoard } from './harness';

const ada = userOrigin(ADA.id);

let h: Harness;
let board: SeededBoard;
let roundId: string;

beforeEach(() => {
  h = createHarness();
  board = seedBoard(h);
  roundId = h.load((doc) => must(createDeal(doc, { columnId: board.columns.rumoured, title: 'OpenAI funding round' }, ada))).dealId;
});

describe('partOf activity', () => {
  it('says who made the deal part of which round, and who took it out', () => {
    h.as(ADA_CONNECTION, (doc) => must(setPartOf(doc, { dealId: board.dealId, partOf: roundId }, ada)));
    h.deriver.flush();
    h.as(ADA_CONNECTION, (doc) => must(setPartOf(doc, { dealId: board.dealId, partOf: null }, ada)));
    h.deriver.flush();
    const updates = h.ofType('deal.updated');
    expect(updates.map((e) => e.summary)).toEqual([
      'Ada made Amazon invests in OpenAI part of OpenAI funding round',
      'Ada took Amazon invests in OpenAI out of OpenAI funding round',
    ]);
    expect(updates.map((e) => e.data)).toEqual([{ fields: { partOf: { from: null, to: roundId } } }, { fields: { partOf: { from: roundId, to: null } } }]);
  });

  it('names the round among other changed fields', () => {
    h.as(ADA_CONNECTION, (doc) => must(updateDeal(doc, { dealId: board.dealId, patch: { partOf: roundId, amount: 5 } }, ada)));
    h.deriver.flush();
    expect(h.ofType('deal.updated').map((e) => e.summary)).toEqual(['Ada changed amount, round on Amazon invests in OpenAI']);
  });
});
