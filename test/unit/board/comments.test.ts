import { describe, expect, it } from 'vitest';
import { SYSTEM_ORIGIN, addComment, deleteComment, editComment, readDealById, type Deal } from '../../../shared/src/board';
import { ADA, BOB, NOW, expectRejected, pipelineBoard, seedDeals, value } from './util';

function setup() {
  const { doc, columns } = pipelineBoard();
  const [dealId] = seedDeals(doc, columns.talks, ['A']) as [string];
  return { doc, dealId, comments: () => (readDealById(doc, dealId) as Deal).comments };
}

describe('addComment', () => {
  it('adds a comment authored by the actor and stamps the deal', () => {
    const { doc, dealId, comments } = setup();
    const { commentId } = value(addComment(doc, { dealId, body: '  16,000 layoffs  ' }, BOB, { now: NOW }));
    expect(comments()).toEqual([{ id: commentId, authorId: 'bob', body: '16,000 layoffs', createdAt: NOW.toISOString(), editedAt: null, deleted: false }]);
    expect((readDealById(doc, dealId) as Deal).updatedBy).toBe('bob');
  });

  it('rejects bad input', () => {
    const { doc, dealId } = setup();
    expectRejected(doc, () => addComment(doc, { dealId, body: ' ' }, ADA), 'invalid', 'body');
    expectRejected(doc, () => addComment(doc, { dealId, body: 'x'.repeat(5001) }, ADA), 'invalid', 'body');
    expectRejected(doc, () => addComment(doc, { dealId: 'nope', body: 'x' }, ADA), 'not_found', 'dealId');
  });
});

describe('editComment / deleteComment', () => {
  it('the author edits; others are forbidden; same body is a noop', () => {
    const { doc, dealId, comments } = setup();
    const { commentId } = value(addComment(doc, { dealId, body: 'draft' }, ADA));
    const later = new Date('2026-01-30T08:00:00.000Z');
    value(editComment(doc, { dealId, commentId, body: 'final' }, ADA, { now: later }));
    expect(comments()[0]).toMatchObject({ body: 'final', editedAt: later.toISOString() });
    expectRejected(doc, () => editComment(doc, { dealId, commentId, body: 'hijack' }, BOB), 'forbidden');
    expectRejected(doc, () => editComment(doc, { dealId, commentId, body: 'hijack' }, SYSTEM_ORIGIN), 'forbidden');
    expectRejected(doc, () => editComment(doc, { dealId, commentId, body: 'final' }, ADA), 'noop');
    expectRejected(doc, () => editComment(doc, { dealId, commentId: 'nope', body: 'x' }, ADA), 'not_found', 'commentId');
    expectRejected(doc, () => editComment(doc, { dealId: 'nope', commentId, body: 'x' }, ADA), 'not_found', 'dealId');
    expectRejected(doc, () => editComment(doc, { dealId, commentId, body: '' }, ADA), 'invalid', 'body');
  });

  it('delete is soft, by the author only; a deleted comment cannot be edited', () => {
    const { doc, dealId, comments } = setup();
    const { commentId } = value(addComment(doc, { dealId, body: 'secret' }, ADA));
    expectRejected(doc, () => deleteComment(doc, { dealId, commentId }, BOB), 'forbidden');
    value(deleteComment(doc, { dealId, commentId }, ADA));
    expect(comments()).toEqual([expect.objectContaining({ id: commentId, body: '', deleted: true, authorId: 'ada' })]);
    expectRejected(doc, () => deleteComment(doc, { dealId, commentId }, ADA), 'noop');
    expectRejected(doc, () => editComment(doc, { dealId, commentId, body: 'back' }, ADA), 'invalid', 'commentId');
  });

  it('system comments can be changed by the system origin', () => {
    const { doc, dealId } = setup();
    const { commentId } = value(addComment(doc, { dealId, body: 'from the seed' }, SYSTEM_ORIGIN));
    value(editComment(doc, { dealId, commentId, body: 'edited' }, SYSTEM_ORIGIN));
    expectRejected(doc, () => deleteComment(doc, { dealId, commentId }, ADA), 'forbidden');
  });
});
