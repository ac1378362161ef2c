/** Hash routes, including the board's Table and Insights views (issue 15). */
import { describe, expect, it } from 'vitest';
import { boardHref, parseRoute } from '../../../client/src/lib/route';

describe('routes', () => {
  it('reads the board, its view and an open deal', () => {
    expect(parseRoute('#/')).toEqual({ name: 'boards' });
    expect(parseRoute('#/b/abc')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'board' });
    expect(parseRoute('#/b/abc/d/d1')).toEqual({ name: 'board', boardId: 'abc', dealId: 'd1', view: 'board' });
    expect(parseRoute('#/b/abc/table')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'table' });
    expect(parseRoute('#/b/abc/insights/d/d1')).toEqual({ name: 'board', boardId: 'abc', dealId: 'd1', view: 'insights' });
    expect(parseRoute('#/b/abc/nonsense')).toEqual({ name: 'board', boardId: 'abc', dealId: null, view: 'board' });
  });

  it('writes what it reads', () => {
    for (const href of [boardHref('abc'), boardHref('abc', 'd1'), boardHref('abc', null, 'table'), boardHref('abc', 'd1', 'insights')]) {
      const route = parseRoute(href);
      expect(route.name).toBe('board');
      if (route.name === 'board') expect(boardHref(route.boardId, route.dealId, route.view)).toBe(href);
    }
    expect(boardHref('abc', null, 'table')).toBe('#/b/abc/table');
  });
});
