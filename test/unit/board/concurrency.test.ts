/** Two replicas, messages delivered only when the test says so (test/helpers/linkDocs). */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addComment,
  createDeal,
  deleteColumn,
  deleteComment,
  editComment,
  moveDeal,
  readDealById,
  selectLanes,
  updateDeal,
  type Deal,
} from '../../../shared/src/board';
import { linkDocs } from '../../helpers/linkDocs';
import { ADA, BOB, laneTitles, pipelineBoard, seedDeals, snapshot, titlesIn, value } from './util';

/** Replica `a` with a pipeline board and `b` a synced copy, linked. */
function replicas() {
  const { doc: a, columns } = pipelineBoard();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const link = linkDocs(a, b);
  return { a, b, columns, link };
}

function expectConverged(a: Y.Doc, b: Y.Doc): void {
  expect(snapshot(b)).toEqual(snapshot(a));
  expect(laneTitles(b, true)).toEqual(laneTitles(a, true));
}

const deal = (doc: Y.Doc, id: string) => readDealById(doc, id) as Deal;

describe('two replicas', () => {
  it('the same deal moved to two columns at once ends in exactly one column on both', () => {
    const { a, b, columns, link } = replicas();
    const [x] = seedDeals(a, columns.talks, ['X']) as [string];
    link.flush();
    value(moveDeal(a, { dealId: x, toColumnId: columns.agreed }, ADA));
    value(moveDeal(b, { dealId: x, toColumnId: columns.closed }, BOB));
    link.flush();
    expectConverged(a, b);
    for (const doc of [a, b]) {
      const lanes = selectLanes(doc).filter((l) => l.deals.some((d) => d.id === x));
      expect(lanes).toHaveLength(1);
      expect([columns.agreed, columns.closed]).toContain(lanes[0]?.column?.id);
    }
  });

  it('two deals dropped into the same gap both appear, in the same order on both', () => {
    const { a, b, columns, link } = replicas();
    const [p, q, x, y] = seedDeals(a, columns.talks, ['P', 'Q', 'X', 'Y']) as [string, string, string, string];
    link.flush();
    value(moveDeal(a, { dealId: x, toColumnId: columns.talks, after: p }, ADA));
    value(moveDeal(b, { dealId: y, toColumnId: columns.talks, after: p }, BOB));
    link.flush();
    expectConverged(a, b);
    const order = titlesIn(a, columns.talks);
    expect(order[0]).toBe('P');
    expect(order[3]).toBe('Q');
    expect(order.slice(1, 3).sort()).toEqual(['X', 'Y']);
    // Same key on both sides: a tie broken by id.
    expect(deal(a, x).rank).toBe(deal(a, y).rank);

    // Dropping between the tied pair lands exactly there, and still converges.
    const [first] = [x, y].sort() as [string];
    value(createDeal(b, { columnId: columns.talks, title: 'Z', after: first }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(titlesIn(a, columns.talks)[2]).toBe('Z');
    void q;
  });

  it('concurrent creates into the same gap both appear', () => {
    const { a, b, columns, link } = replicas();
    const [p] = seedDeals(a, columns.talks, ['P', 'Q']) as [string];
    link.flush();
    value(createDeal(a, { columnId: columns.talks, title: 'A-side', after: p }, ADA));
    value(createDeal(b, { columnId: columns.talks, title: 'B-side', after: p }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(titlesIn(a, columns.talks)).toHaveLength(4);
  });

  it('a column deleted while the other replica moves a deal into it loses no deal', () => {
    const { a, b, columns, link } = replicas();
    const [x] = seedDeals(a, columns.talks, ['X']) as [string];
    link.flush();
    value(deleteColumn(a, { columnId: columns.agreed }, ADA));
    value(moveDeal(b, { dealId: x, toColumnId: columns.agreed }, BOB));
    link.flush();
    expectConverged(a, b);
    for (const doc of [a, b]) {
      const orphans = selectLanes(doc).at(-1);
      expect(orphans?.column).toBeNull();
      expect(orphans?.deals.map((d) => d.id)).toEqual([x]);
    }
    // Moving it out of the orphan lane clears it.
    value(moveDeal(b, { dealId: x, toColumnId: columns.closed }, BOB));
    link.flush();
    expect(selectLanes(a).some((l) => l.column === null)).toBe(false);
  });

  it('two columns deleted into each other at once: deals go to the orphan lane, none lost', () => {
    const { a, b, columns, link } = replicas();
    seedDeals(a, columns.talks, ['T']);
    seedDeals(a, columns.agreed, ['G']);
    link.flush();
    value(deleteColumn(a, { columnId: columns.talks, moveDealsTo: columns.agreed }, ADA));
    value(deleteColumn(b, { columnId: columns.agreed, moveDealsTo: columns.talks }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(laneTitles(a)['(orphans)']?.sort()).toEqual(['G', 'T']);
  });

  it('different fields of one deal edited at once are both kept', () => {
    const { a, b, columns, link } = replicas();
    const [x] = seedDeals(a, columns.talks, ['X']) as [string];
    link.flush();
    value(updateDeal(a, { dealId: x, patch: { amount: 50e9, tags: ['AI'] } }, ADA));
    value(updateDeal(b, { dealId: x, patch: { title: 'Amazon → OpenAI', tags: ['cloud'] } }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(deal(a, x)).toMatchObject({ amount: 50e9, title: 'Amazon → OpenAI' });
    expect([...deal(a, x).tags].sort()).toEqual(['AI', 'cloud']);
  });

  it('a move and an edit of the same deal at once are both kept', () => {
    const { a, b, columns, link } = replicas();
    const [x] = seedDeals(a, columns.talks, ['X']) as [string];
    link.flush();
    value(moveDeal(a, { dealId: x, toColumnId: columns.closed }, ADA));
    value(updateDeal(b, { dealId: x, patch: { probability: 90 } }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(deal(b, x)).toMatchObject({ columnId: columns.closed, probability: 90 });
  });

  it('comments added at once are both kept; an edit racing a delete stays deleted', () => {
    const { a, b, columns, link } = replicas();
    const [x] = seedDeals(a, columns.talks, ['X']) as [string];
    const { commentId } = value(addComment(a, { dealId: x, body: 'shared' }, ADA));
    link.flush();
    value(addComment(a, { dealId: x, body: 'from Ada' }, ADA));
    value(addComment(b, { dealId: x, body: 'from Bob' }, BOB));
    // Ada edits on one replica while her other session deletes the same comment.
    value(editComment(a, { dealId: x, commentId, body: 'edited' }, ADA));
    value(deleteComment(b, { dealId: x, commentId }, ADA));
    link.flush();
    expectConverged(a, b);
    const comments = deal(a, x).comments;
    expect(
      comments
        .filter((c) => !c.deleted)
        .map((c) => c.body)
        .sort(),
    ).toEqual(['from Ada', 'from Bob']);
    expect(comments.find((c) => c.id === commentId)).toMatchObject({ deleted: true, body: '' });
  });

  it('notes typed on both sides merge', () => {
    const { a, b, columns, link } = replicas();
    const { dealId } = value(createDeal(a, { columnId: columns.talks, title: 'X', notes: 'talks' }, ADA));
    link.flush();
    value(updateDeal(a, { dealId, patch: { notes: 'Amazon talks' } }, ADA));
    value(updateDeal(b, { dealId, patch: { notes: 'talks with OpenAI' } }, BOB));
    link.flush();
    expectConverged(a, b);
    expect(deal(a, dealId).notes).toBe('Amazon talks with OpenAI');
  });
});
