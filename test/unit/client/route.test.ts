/** Hash routes, including the board's Table and Insights views (issue 15) and a past moment (issue 14). */
import { describe, expect, it } from 'vitest';
import { boardHref, parseRoute } from '../../../client/src/lib/route';

describe('routes', () => {
  it('reads the board, its view and an open deal', () => {
    expect(parseRoute('#/')).toEqual({ name: 'boards' });
    expect(parseRoute('#/b/abc')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'board', at: null });
    expect(parseRoute('#/b/abc/d/d1')).toEqual({ name: 'board', boardId: 'abc', dealId: 'd1', view: 'board', at: null });
    expect(parseRoute('#/b/abc/table')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'table', at: null });
    expect(parseRoute('#/b/abc/insights/d/d1')).toEqual({ name: 'board', boardId: 'abc', dealId: 'd1', view: 'insights', at: null });
    expect(parseRoute('#/b/abc/table?at=2026-01-12T14%3A03%3A00.000Z')).toEqual({
      name: 'board',
      boardId: 'abc',
      dealId: null,
      view: 'table',
      at: '2026-01-12T14:03:00.000Z',
    });
    expect(parseRoute('#/b/abc?at=yesterday')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'board', at: null });
    expect(parseRoute('#/b/abc/nonsense')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'board', at: null });
  });

  it('writes what it reads', () => {
    for (const href of [
      boardHref('abc'),
      boardHref('abc', 'd1'),
      boardHref('abc', null, 'table'),
      boardHref('abc', 'd1', 'insights'),
      boardHref('abc', 'd1', 'board', '2026-01-12T14:03:00.000Z'),
    ]) {
      const route = parseRoute(href);
      expect(route.name).toBe('board');
      if (route.name === 'board') expect(boardHref(route.boardId, route.dealId, route.view, route.at)).toBe(href);
    }
    expect(boardHref('abc', null, 'table')).toBe('#/b/abc/table');
  });
});
