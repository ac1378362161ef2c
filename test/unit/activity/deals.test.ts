/** Deal and comment activity, derived from updates applied as a remote client's. */
import * as Y from 'yjs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addComment,
  archiveDeal,
  createDeal,
  deleteComment,
  deleteDeal,
  editComment,
  getDealMap,
  moveDeal,
  restoreDeal,
  updateDeal,
  userOrigin,
} from '../../../shared/src/board';
import { dealsMap } from '../../../shared/src/board/schema';
import { ADA, ADA_CONNECTION, BOB, BOB_CONNECTION, type Harness, type SeededBoard, createHarness, must, seedBoard } from './harness';

const ada = userOrigin(ADA.id);
const bob = userOrigin(BOB.id);

let h: Harness;
let board: SeededBoard;

beforeEach(() => {
  h = createHarness();
  board = seedBoard(h);
});

describe('deals', () => {
  it('tells nothing about changes whose origin resolves to no actor', () => {
    h.load((doc) => {
      must(createDeal(doc, { columnId: board.columns.agreed, title: 'SoftBank $30B more' }, ada));
      must(moveDeal(doc, { dealId: board.dealId, toColumnId: board.columns.closed }, ada));
      must(updateDeal(doc, { dealId: board.dealId, patch: { amount: 1, notes: 'x' } }, ada));
    });
    h.deriver.flush();
    expect(h.events).toEqual([]);
  });

  it('deal.created names the actor, the deal and the column', () => {
    const { dealId } = h.as(ADA_CONNECTION, (doc) =>
      must(createDeal(doc, { columnId: board.columns.inTalks, title: 'Amazon invests in Anthropic', acquirer: 'Amazon', target: 'Anthropic' }, ada)),
    );
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      boardId: 'board-1',
      actor: ADA,
      type: 'deal.created',
      dealId,
      summary: 'Ada created Amazon invests in Anthropic in In talks',
      data: { columnId: board.columns.inTalks, columnName: 'In talks', title: 'Amazon invests in Anthropic' },
    });
    expect(h.events[0]?.type === 'deal.created' && h.events[0].data.outcome).toBeUndefined();
  });

  it('attributes to the connection, never to identity fields the client wrote', () => {
    h.as(BOB_CONNECTION, (doc) => {
      // Bob's client claims to be Ada: in the origin and in createdBy.
      const { dealId } = must(createDeal(doc, { columnId: board.columns.rumoured, title: 'Forged' }, ada));
      getDealMap(doc, dealId)?.set('createdBy', ADA.id);
    });
    expect(h.events.map((e) => [e.type, e.actor])).toEqual([['deal.created', BOB]]);
    expect(h.events[0]?.summary).toBe('Bob created Forged in Rumoured');
  });

  it("the server's identity stamps (updatedBy, createdBy, updatedAt, authorId) are not activity", () => {
    const { commentId } = h.as(ADA_CONNECTION, (doc) => must(addComment(doc, { dealId: board.dealId, body: 'hi' }, bob)));
    h.events.length = 0;
    h.server.transact(() => {
      const deal = getDealMap(h.server, board.dealId);
      deal?.set('createdBy', ADA.id);
      deal?.set('updatedBy', ADA.id);
      deal?.set('updatedAt', '2026-01-01T00:00:00.000Z');
      const comments = deal?.get('comments');
      if (comments instanceof Y.Map) (comments.get(commentId) as Y.Map<unknown>).set('authorId', ADA.id);
    }, ADA_CONNECTION);
    h.deriver.flush();
    expect(h.events).toEqual([]);
  });

  it('deal.moved carries from/to column ids and names', () => {
    h.as(ADA_CONNECTION, (doc) => must(moveDeal(doc, { dealId: board.dealId, toColumnId: board.columns.agreed }, ada)));
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      actor: ADA,
      type: 'deal.moved',
      dealId: board.dealId,
      summary: 'Ada moved Amazon invests in OpenAI from Rumoured to Agreed',
      data: { from: board.columns.rumoured, to: board.columns.agreed, fromName: 'Rumoured', toName: 'Agreed' },
    });
    expect(h.events[0]?.type === 'deal.moved' && h.events[0].data.outcome).toBeUndefined();
  });

  it('a move into a won or lost column says so in data.outcome', () => {
    h.as(ADA_CONNECTION, (doc) => must(moveDeal(doc, { dealId: board.dealId, toColumnId: board.columns.closed }, ada)));
    h.as(BOB_CONNECTION, (doc) => must(moveDeal(doc, { dealId: board.dealId, toColumnId: board.columns.abandoned }, bob)));
    expect(h.events.map((e) => [e.type, e.actor.id, e.type === 'deal.moved' ? e.data.outcome : null])).toEqual([
      ['deal.moved', ADA.id, 'won'],
      ['deal.moved', BOB.id, 'lost'],
    ]);
    expect(h.events[0]?.summary).toBe('Ada moved Amazon invests in OpenAI from Rumoured to Closed, marking it won');
  });

  it('a reorder within the same column is not activity', () => {
    const { dealId: second } = h.load((doc) => must(createDeal(doc, { columnId: board.columns.rumoured, title: 'Second' }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(moveDeal(doc, { dealId: second, toColumnId: board.columns.rumoured, before: board.dealId }, ada)));
    h.deriver.flush();
    expect(h.events).toEqual([]);
  });

  it('deal.updated gives old and new values of plain fields, tags and links', () => {
    h.as(ADA_CONNECTION, (doc) =>
      must(updateDeal(doc, { dealId: board.dealId, patch: { amount: 50_000_000_000, amountQualifier: 'up_to', probability: 40, tags: ['ai'] } }, ada)),
    );
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      actor: ADA,
      type: 'deal.updated',
      dealId: board.dealId,
      summary: 'Ada changed amount, amount qualifier, probability, tags on Amazon invests in OpenAI',
      data: {
        fields: {
          amount: { from: null, to: 50_000_000_000 },
          amountQualifier: { from: 'exact', to: 'up_to' },
          probability: { from: null, to: 40 },
          tags: { from: [], to: ['ai'] },
        },
      },
    });
    h.as(ADA_CONNECTION, (doc) => must(updateDeal(doc, { dealId: board.dealId, patch: { tags: ['ai', 'cloud'], links: ['https://example.com/a'] } }, ada)));
    expect(h.events[1]?.data).toEqual({
      fields: { tags: { from: ['ai'], to: ['ai', 'cloud'] }, links: { from: [], to: ['https://example.com/a'] } },
    });
  });

  it('names the deal by its title, so a change of acquirer leaves the label alone', () => {
    h.as(ADA_CONNECTION, (doc) => must(updateDeal(doc, { dealId: board.dealId, patch: { acquirer: 'AWS' } }, ada)));
    expect(h.events[0]?.summary).toBe('Ada changed acquirer on Amazon invests in OpenAI');
    expect(h.events[0]?.data).toEqual({ fields: { acquirer: { from: 'Amazon', to: 'AWS' } } });
  });

  it('archive, restore and delete', () => {
    h.as(ADA_CONNECTION, (doc) => must(archiveDeal(doc, { dealId: board.dealId }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(restoreDeal(doc, { dealId: board.dealId }, ada)));
    h.as(BOB_CONNECTION, (doc) => must(deleteDeal(doc, { dealId: board.dealId }, bob)));
    expect(h.events.map((e) => [e.type, e.actor.id, e.dealId, e.summary])).toEqual([
      ['deal.archived', ADA.id, board.dealId, 'Ada archived Amazon invests in OpenAI'],
      ['deal.restored', ADA.id, board.dealId, 'Ada restored Amazon invests in OpenAI'],
      ['deal.deleted', BOB.id, board.dealId, 'Bob deleted Amazon invests in OpenAI'],
    ]);
  });

  it('labels a deleted deal by what it was called, even when created while loading', () => {
    const { dealId } = h.load((doc) => must(createDeal(doc, { columnId: board.columns.review, title: 'Quiet one' }, ada)));
    h.load((doc) => must(updateDeal(doc, { dealId, patch: { title: 'Renamed quietly' } }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(deleteDeal(doc, { dealId }, ada)));
    expect(h.events.map((e) => e.summary)).toEqual(['Ada deleted Renamed quietly']);
  });
});

describe('comments', () => {
  it('comment.added, comment.edited and comment.deleted', () => {
    const { commentId } = h.as(ADA_CONNECTION, (doc) => must(addComment(doc, { dealId: board.dealId, body: 'Reported by  the\nFT today' }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(editComment(doc, { dealId: board.dealId, commentId, body: 'Reported by Reuters' }, ada)));
    h.as(ADA_CONNECTION, (doc) => must(deleteComment(doc, { dealId: board.dealId, commentId }, ada)));
    expect(h.events.map((e) => [e.type, e.actor.id, e.dealId, e.summary, e.data])).toEqual([
      ['comment.added', ADA.id, board.dealId, 'Ada commented on Amazon invests in OpenAI', { commentId, excerpt: 'Reported by the FT today' }],
      ['comment.edited', ADA.id, board.dealId, 'Ada edited a comment on Amazon invests in OpenAI', { commentId, excerpt: 'Reported by Reuters' }],
      ['comment.deleted', ADA.id, board.dealId, 'Ada deleted a comment on Amazon invests in OpenAI', { commentId }],
    ]);
  });

  it('the first comment on a deal that had no comments map yet is comment.added', () => {
    h.load((doc) => getDealMap(doc, board.dealId)?.delete('comments'));
    const { commentId } = h.as(BOB_CONNECTION, (doc) => must(addComment(doc, { dealId: board.dealId, body: 'First' }, bob)));
    expect(h.events.map((e) => [e.type, e.actor.id, e.data])).toEqual([['comment.added', BOB.id, { commentId, excerpt: 'First' }]]);
  });

  it('clips a long comment to an excerpt', () => {
    h.as(BOB_CONNECTION, (doc) => must(addComment(doc, { dealId: board.dealId, body: 'word '.repeat(200) }, bob)));
    const first = h.events[0];
    const excerpt = first?.type === 'comment.added' ? first.data.excerpt : '';
    expect(excerpt.length).toBeLessThanOrEqual(140);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('a deal that arrives with comments tells each once; a deal map replaced under the same id only its new comments', () => {
    const { dealId, commentId } = h.as(ADA_CONNECTION, (doc) => {
      const made = must(createDeal(doc, { columnId: board.columns.rumoured, title: 'Made offline' }, ada));
      return { ...made, ...must(addComment(doc, { dealId: made.dealId, body: 'first' }, ada)) };
    });
    expect(h.events.map((e) => e.type)).toEqual(['deal.created', 'comment.added']);
    h.events.length = 0;
    h.as(ADA_CONNECTION, (doc) =>
      doc.transact(() => {
        const map = new Y.Map<unknown>();
        dealsMap(doc).set(dealId, map);
        map.set('title', 'Made offline');
        map.set('columnId', board.columns.rumoured);
        const comments = new Y.Map<unknown>();
        map.set('comments', comments);
        for (const [id, body] of [
          [commentId, 'first'],
          ['c-new', 'second'],
        ] as const) {
          const comment = new Y.Map<unknown>();
          comments.set(id, comment);
          comment.set('authorId', ADA.id);
          comment.set('body', body);
        }
      }, ada),
    );
    expect(h.ofType('comment.added').map((e) => (e.data as { commentId: string }).commentId)).toEqual(['c-new']);
  });

  it('a deletion undone brings the deal back without telling its comments and mentions again', () => {
    const { dealId } = h.as(ADA_CONNECTION, (doc) => {
      const made = must(createDeal(doc, { columnId: board.columns.rumoured, title: 'Undone' }, ada));
      must(updateDeal(doc, { dealId: made.dealId, patch: { notes: `Ask @[Bob](user:${BOB.id})` } }, ada));
      must(addComment(doc, { dealId: made.dealId, body: `@[Bob](user:${BOB.id}) look` }, ada));
      return made;
    });
    h.deriver.flush();
    h.events.length = 0;
    const undo = h.as(ADA_CONNECTION, (doc) => {
      const manager = new Y.UndoManager(dealsMap(doc), { trackedOrigins: new Set([ada]) });
      must(deleteDeal(doc, { dealId }, ada));
      return manager;
    });
    expect(h.events.map((e) => e.type)).toEqual(['deal.deleted']);
    h.events.length = 0;
    h.as(ADA_CONNECTION, () => undo.undo());
    h.deriver.flush();
    expect(h.events.map((e) => e.type)).toEqual(['deal.created']);
  });
});
