import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addComment,
  boardMap,
  columnsMap,
  createDeal,
  dealNotes,
  dealsMap,
  deleteComment,
  getDealMap,
  readBoardInfo,
  readColumn,
  readColumns,
  readComment,
  readDeal,
  readDealById,
  readDeals,
  updateDeal,
  type Deal,
} from '../../../shared/src/board';
import { ADA, NOW, pipelineBoard, seedDeals, value } from './util';

/** A deal map with `fields` written raw, as an outside client might. */
function rawDeal(doc: Y.Doc, id: string, fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  dealsMap(doc).set(id, map);
  for (const [key, v] of Object.entries(fields)) map.set(key, v);
  return map;
}

const MINIMAL = {
  title: 'Minimal',
  currency: 'USD',
  columnId: 'c1',
  rank: 'a0',
  createdAt: '2026-01-29T12:00:00.000Z',
  createdBy: 'ada',
  updatedAt: '2026-01-29T12:00:00.000Z',
  updatedBy: 'ada',
  stageEnteredAt: '2026-01-29T12:00:00.000Z',
};

describe('readBoardInfo', () => {
  it('defaults to an unnamed USD board', () => {
    expect(readBoardInfo(new Y.Doc())).toEqual({ name: '', currency: 'USD' });
  });

  it('replaces a bad currency with USD', () => {
    const doc = new Y.Doc();
    boardMap(doc).set('name', 'B');
    boardMap(doc).set('currency', 'dollars');
    expect(readBoardInfo(doc)).toEqual({ name: 'B', currency: 'USD' });
  });
});

describe('readColumn', () => {
  it('reads a template column', () => {
    const { doc, columns } = pipelineBoard();
    expect(readColumn(columns.talks, columnsMap(doc).get(columns.talks))).toEqual({
      id: columns.talks,
      name: 'In talks',
      rank: 'a1',
      kind: 'open',
      probability: 25,
      staleDays: 21,
      color: '#6366f1',
    });
  });

  it.each([
    ['a string', 'not a map'],
    [new Y.Map(), 'name'],
  ])('marks %s invalid', (raw, reason) => {
    const doc = new Y.Doc();
    columnsMap(doc).set('c', raw as Y.Map<unknown>);
    const parsed = readColumn('c', columnsMap(doc).get('c'));
    expect(parsed.invalid).toBe(true);
    if (parsed.invalid) expect(parsed.reason).toContain(reason);
  });

  it('rejects a bad rank or colour', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    columnsMap(doc).set('c', map);
    map.set('name', 'X');
    map.set('rank', 'a0 ');
    expect(readColumn('c', map)).toMatchObject({ invalid: true, reason: expect.stringContaining('rank') });
    map.set('rank', 'a0');
    map.set('color', 'url(javascript:x)');
    expect(readColumn('c', map)).toMatchObject({ invalid: true, reason: expect.stringContaining('color') });
  });
});

describe('readDeal', () => {
  it('fills defaults for optional fields an outside client left out', () => {
    const doc = new Y.Doc();
    const deal = readDeal('d', rawDeal(doc, 'd', MINIMAL));
    expect(deal).toMatchObject({
      id: 'd',
      kind: 'other',
      amount: null,
      amountQualifier: 'exact',
      tags: [],
      links: [],
      notes: '',
      comments: [],
      archived: false,
    });
  });

  it.each([
    ['title', 42],
    ['title', ''],
    ['amount', -5],
    ['probability', 150],
    ['currency', 'usd'],
    ['rank', 7],
    ['createdAt', 'yesterday'],
    ['tags', ['ok', 3]],
    ['links', Y.Array.from(['javascript:alert(1)'])],
    ['notes', 12],
  ])('marks a deal with a bad %s invalid, naming the field', (field, bad) => {
    const doc = new Y.Doc();
    const parsed = readDeal('d', rawDeal(doc, 'd', { ...MINIMAL, [field]: bad }));
    expect(parsed.invalid).toBe(true);
    if (parsed.invalid) expect(parsed.reason.startsWith(field)).toBe(true);
  });

  it('dedupes merged tags and tolerates more than 20 of them', () => {
    const doc = new Y.Doc();
    const tags = Array.from({ length: 25 }, (_, i) => `t${i % 23}`);
    const parsed = readDeal('d', rawDeal(doc, 'd', { ...MINIMAL, tags: Y.Array.from(tags) }));
    expect(parsed.invalid).toBeFalsy();
    if (!parsed.invalid) expect(parsed.tags).toHaveLength(23);
  });

  it('leaves out a bad comment but keeps the deal; a deleted comment reads empty', () => {
    const { doc, columns } = pipelineBoard();
    const [dealId] = seedDeals(doc, columns.talks, ['A']) as [string];
    const good = value(addComment(doc, { dealId, body: 'first' }, ADA, { now: NOW })).commentId;
    const gone = value(addComment(doc, { dealId, body: 'second' }, ADA, { now: NOW })).commentId;
    value(deleteComment(doc, { dealId, commentId: gone }, ADA));
    const comments = getDealMap(doc, dealId)?.get('comments') as Y.Map<unknown>;
    comments.set('junk', 'not a map');
    const parsed = readDeal(dealId, getDealMap(doc, dealId));
    if (parsed.invalid) throw new Error(parsed.reason);
    expect(parsed.comments.map((c) => [c.id, c.body, c.deleted])).toEqual(
      [
        [good, 'first', false],
        [gone, '', true],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(readComment('junk', 'x')).toEqual({ id: 'junk', invalid: true, reason: 'not a map' });
  });

  it('dealNotes is the live Y.Text the editor binds to', () => {
    const { doc, columns } = pipelineBoard();
    const [dealId] = seedDeals(doc, columns.talks, ['A']) as [string];
    dealNotes(doc, dealId)?.insert(0, 'Jassy and Altman lead the talks.');
    expect((readDealById(doc, dealId) as Deal).notes).toBe('Jassy and Altman lead the talks.');
    expect(dealNotes(doc, 'missing')).toBeNull();
  });

  it('getDealMap ignores entries that are not maps', () => {
    const doc = new Y.Doc();
    dealsMap(doc).set('x', 'junk' as unknown as Y.Map<unknown>);
    expect(getDealMap(doc, 'x')).toBeNull();
    expect(readDeals(doc)).toEqual([{ id: 'x', invalid: true, reason: 'not a map' }]);
  });
});

describe('doc-level readers (cached)', () => {
  it('list valid columns in order, invalid ones after', () => {
    const { doc } = pipelineBoard();
    columnsMap(doc).set('zzz', new Y.Map());
    const list = readColumns(doc);
    expect(list.map((c) => (c.invalid ? 'invalid' : c.name))).toEqual([
      'Rumoured',
      'In talks',
      'Agreed',
      'Regulatory review',
      'Closed',
      'Abandoned',
      'invalid',
    ]);
  });

  it('return the same objects until something changes, and re-parse only what changed', () => {
    const { doc, columns } = pipelineBoard();
    const [a, b] = seedDeals(doc, columns.talks, ['A', 'B']) as [string, string];
    const first = readDeals(doc);
    expect(readDeals(doc)).toBe(first);
    value(updateDeal(doc, { dealId: a, patch: { title: 'A2' } }, ADA));
    const second = readDeals(doc);
    expect(second).not.toBe(first);
    expect(second.find((d) => d.id === b)).toBe(first.find((d) => d.id === b));
    expect(second.find((d) => d.id === a)).not.toBe(first.find((d) => d.id === a));
  });

  it('see nested edits (notes, tags, comments) at once', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    readDeals(doc);
    dealNotes(doc, a)?.insert(0, 'x');
    expect((readDealById(doc, a) as Deal).notes).toBe('x');
    value(addComment(doc, { dealId: a, body: 'c' }, ADA));
    expect((readDealById(doc, a) as Deal).comments).toHaveLength(1);
    value(updateDeal(doc, { dealId: a, patch: { tags: ['AI'] } }, ADA));
    expect((readDealById(doc, a) as Deal).tags).toEqual(['AI']);
  });

  it('are never stale inside a transaction or inside an observer', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    readDeals(doc);
    doc.transact(() => {
      getDealMap(doc, a)?.set('title', 'inside');
      expect((readDealById(doc, a) as Deal).title).toBe('inside');
    });
    const seen: string[] = [];
    dealsMap(doc).observeDeep(() => {
      seen.push((readDealById(doc, a) as Deal).title);
      if (seen.length === 1) {
        // A transaction nested in an observer: read right after it, before its own cleanup.
        value(updateDeal(doc, { dealId: a, patch: { title: 'nested' } }, ADA));
        seen.push((readDealById(doc, a) as Deal).title);
      }
    });
    value(updateDeal(doc, { dealId: a, patch: { title: 'outer' } }, ADA));
    expect(seen).toEqual(['outer', 'nested', 'nested']);
    expect((readDealById(doc, a) as Deal).title).toBe('nested');
    // ...and the cache is in use again afterwards.
    expect(readDeals(doc)).toBe(readDeals(doc));
  });

  it('see updates applied from another replica', () => {
    const { doc, columns } = pipelineBoard();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readDeals(other)).toEqual([]);
    value(createDeal(doc, { columnId: columns.talks, title: 'Remote' }, ADA));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    expect(readDeals(other).map((d) => (d.invalid ? '!' : d.title))).toEqual(['Remote']);
  });
});
