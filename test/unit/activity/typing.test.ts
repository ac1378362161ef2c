/** Typing coalescing: notes and title edits become one deal.updated per actor, deal and quiet period. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeal, dealNotes, deleteDeal, updateDeal, userOrigin } from '../../../shared/src/board';
import { ADA, ADA_CONNECTION, BOB, BOB_CONNECTION, type Harness, type SeededBoard, createHarness, must, seedBoard } from './harness';

const ada = userOrigin(ADA.id);
const bob = userOrigin(BOB.id);
const QUIET = 1_000;
const TITLE = 'Amazon invests in OpenAI';

let h: Harness;
let board: SeededBoard;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T09:00:00Z') });
  h = createHarness({ quietMs: QUIET });
  board = seedBoard(h);
});

afterEach(() => {
  vi.useRealTimers();
});

/** One keystroke in the deal's notes, as an editor binding makes it: a Y.Text insert in its own transaction. */
function typeNote(connection: object, dealId: string, char: string): void {
  h.as(connection, (doc) => {
    const notes = dealNotes(doc, dealId);
    if (!notes) throw new Error('no notes');
    notes.insert(notes.length, char);
  });
}

function setTitle(connection: object, dealId: string, title: string): void {
  h.as(connection, (doc) => must(updateDeal(doc, { dealId, patch: { title } }, userOrigin('client-claim'))));
}

describe('typing', () => {
  it('50 keystrokes in notes and a retyped title become ONE deal.updated after the quiet period', () => {
    for (let i = 0; i < 50; i++) {
      typeNote(ADA_CONNECTION, board.dealId, 'x');
      vi.advanceTimersByTime(100);
    }
    const suffix = '[FT]'; // titles are trimmed: no space keystrokes
    for (let i = 1; i <= suffix.length; i++) {
      setTitle(ADA_CONNECTION, board.dealId, TITLE + suffix.slice(0, i));
      vi.advanceTimersByTime(100);
    }
    expect(h.events).toEqual([]);
    vi.advanceTimersByTime(QUIET - 101);
    expect(h.events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      actor: ADA,
      type: 'deal.updated',
      dealId: board.dealId,
      at: new Date(Date.now()).toISOString(),
      summary: 'Ada changed title, notes on Amazon invests in OpenAI[FT]',
      data: { fields: { title: { from: TITLE, to: `${TITLE}[FT]` }, notes: { changed: true } } },
    });
    vi.advanceTimersByTime(QUIET * 10);
    expect(h.events).toHaveLength(1);
  });

  it('flush() tells held typing at once, and only once', () => {
    typeNote(ADA_CONNECTION, board.dealId, 'a');
    typeNote(BOB_CONNECTION, board.dealId, 'b');
    expect(h.events).toEqual([]);
    h.deriver.flush();
    expect(h.events.map((e) => [e.type, e.actor.id, e.data])).toEqual([
      ['deal.updated', ADA.id, { fields: { notes: { changed: true } } }],
      ['deal.updated', BOB.id, { fields: { notes: { changed: true } } }],
    ]);
    vi.advanceTimersByTime(QUIET * 2);
    h.deriver.flush();
    expect(h.events).toHaveLength(2);
  });

  it('the quiet period is per actor and per deal', () => {
    const { dealId: other } = h.load((doc) => must(createDeal(doc, { columnId: board.columns.agreed, title: 'SoftBank' }, ada)));
    typeNote(ADA_CONNECTION, board.dealId, 'a');
    vi.advanceTimersByTime(QUIET / 2);
    typeNote(ADA_CONNECTION, other, 'b');
    typeNote(BOB_CONNECTION, board.dealId, 'c');
    vi.advanceTimersByTime(QUIET / 2);
    expect(h.events.map((e) => [e.actor.id, e.dealId])).toEqual([[ADA.id, board.dealId]]);
    vi.advanceTimersByTime(QUIET / 2);
    expect(h.events.map((e) => [e.actor.id, e.dealId])).toEqual([
      [ADA.id, board.dealId],
      [ADA.id, other],
      [BOB.id, board.dealId],
    ]);
  });

  it('another field change by the same actor goes out at once and takes the held typing along', () => {
    setTitle(ADA_CONNECTION, board.dealId, 'Amazon × OpenAI');
    typeNote(ADA_CONNECTION, board.dealId, 'n');
    h.as(BOB_CONNECTION, (doc) => must(updateDeal(doc, { dealId: board.dealId, patch: { valuation: 3e11 } }, bob)));
    expect(h.events.map((e) => [e.actor.id, e.data])).toEqual([[BOB.id, { fields: { valuation: { from: null, to: 3e11 } } }]]);
    h.as(ADA_CONNECTION, (doc) => must(updateDeal(doc, { dealId: board.dealId, patch: { amount: 5e10 } }, ada)));
    expect(h.events).toHaveLength(2);
    expect(h.events[1]).toMatchObject({
      actor: ADA,
      summary: 'Ada changed title, amount, notes on Amazon × OpenAI',
      data: {
        fields: {
          title: { from: TITLE, to: 'Amazon × OpenAI' },
          notes: { changed: true },
          amount: { from: null, to: 5e10 },
        },
      },
    });
    vi.advanceTimersByTime(QUIET * 2);
    expect(h.events).toHaveLength(2);
  });

  it('a title typed and then typed back is not told', () => {
    setTitle(ADA_CONNECTION, board.dealId, `${TITLE}!`);
    setTitle(ADA_CONNECTION, board.dealId, TITLE);
    vi.advanceTimersByTime(QUIET);
    h.deriver.flush();
    expect(h.events).toEqual([]);
  });

  it("deleting a deal tells held typing first, by the deal's last label", () => {
    const { dealId } = h.load((doc) => must(createDeal(doc, { columnId: board.columns.agreed, title: 'Draft' }, ada)));
    setTitle(ADA_CONNECTION, dealId, 'Draft deal');
    h.as(BOB_CONNECTION, (doc) => must(deleteDeal(doc, { dealId }, bob)));
    expect(h.events.map((e) => [e.type, e.actor.id, e.summary])).toEqual([
      ['deal.updated', ADA.id, 'Ada changed title on Draft deal'],
      ['deal.deleted', BOB.id, 'Bob deleted Draft deal'],
    ]);
    vi.advanceTimersByTime(QUIET * 2);
    expect(h.events).toHaveLength(2);
  });

  it('dispose() tells held typing, then stops observing', () => {
    typeNote(ADA_CONNECTION, board.dealId, 'a');
    h.deriver.dispose();
    expect(h.events.map((e) => e.type)).toEqual(['deal.updated']);
    typeNote(ADA_CONNECTION, board.dealId, 'b');
    setTitle(ADA_CONNECTION, board.dealId, 'Gone quiet');
    vi.advanceTimersByTime(QUIET * 2);
    h.deriver.flush();
    expect(h.events).toHaveLength(1);
  });
});
