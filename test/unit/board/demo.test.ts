import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DEMO_DATE, buildDemoBoard, isHttpUrl, readBoardInfo, readDeals, selectColumns, selectLanes, userOrigin, type Deal } from '../../../shared/src/board';
import { laneTitles, value } from './util';

describe('buildDemoBoard', () => {
  it('builds the board from the seed article through the mutations', () => {
    const doc = new Y.Doc();
    const origins = new Set<unknown>();
    doc.on('afterTransaction', (tr) => origins.add(tr.origin));
    const owner = userOrigin('demo-user');
    const { dealIds } = value(buildDemoBoard(doc, { ownerId: 'demo-user' }, owner));
    expect(origins).toEqual(new Set([owner]));
    expect(readBoardInfo(doc)).toEqual({ name: 'AI mega-deals — January 2026', currency: 'USD' });
    expect(selectColumns(doc).columns.map((c) => c.name)).toEqual(['Rumoured', 'In talks', 'Agreed', 'Regulatory review', 'Closed', 'Abandoned']);
    const titles = laneTitles(doc);
    expect(titles['In talks']).toHaveLength(5);
    expect(titles['Closed']).toEqual(['Amazon → Anthropic: ~$8B invested', 'Meta acquires Manus']);

    const deals = readDeals(doc).filter((d): d is Deal => !d.invalid);
    expect(deals).toHaveLength(dealIds.length);
    const byTitle = (start: string) => deals.find((d) => d.title.startsWith(start)) as Deal;
    expect(byTitle('Amazon → OpenAI')).toMatchObject({ amount: 50e9, amountQualifier: 'up_to', valuation: 830e9, kind: 'investment' });
    expect(byTitle('SoftBank')).toMatchObject({ amount: 30e9 });
    expect(byTitle('NVIDIA')).toMatchObject({ amount: null });
    expect(byTitle('Amazon → Anthropic')).toMatchObject({ amount: 8e9, amountQualifier: 'about' });
    expect(byTitle('Meta acquires Manus')).toMatchObject({ kind: 'acquisition' });
    expect(byTitle('OpenAI funding round')).toMatchObject({ amount: 100e9, amountQualifier: 'up_to' });
    for (const deal of deals) {
      expect(deal.ownerId).toBe('demo-user');
      expect(deal.comments.length).toBeGreaterThanOrEqual(2);
      expect(deal.comments.length).toBeLessThanOrEqual(3);
      expect(deal.comments.every((c) => c.authorId === 'demo-user')).toBe(true);
      expect(deal.tags.length).toBeGreaterThan(0);
      expect(deal.links.every(isHttpUrl)).toBe(true);
      expect(Date.parse(deal.createdAt)).toBeLessThanOrEqual(DEMO_DATE.getTime());
      expect(Date.parse(deal.createdAt)).toBeGreaterThan(Date.parse('2025-12-01'));
      for (const c of deal.comments) expect(c.createdAt >= deal.createdAt && c.createdAt <= DEMO_DATE.toISOString()).toBe(true);
    }
    const text = deals.flatMap((d) => d.comments.map((c) => c.body)).join(' ');
    for (const fact of ['16,000', '30,000', 'August 2026', '$14B', '$115B', 'Azure', 'Prism']) expect(text).toContain(fact);
    expect(selectLanes(doc).some((l) => l.column === null || l.invalid.length > 0)).toBe(false);
  });

  it('refuses a board that already has content, leaving it unchanged', () => {
    const doc = new Y.Doc();
    value(buildDemoBoard(doc));
    const before = Y.encodeStateAsUpdate(doc);
    const again = buildDemoBoard(doc);
    expect(again.ok).toBe(false);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('dates everything relative to `now`', () => {
    const doc = new Y.Doc();
    const now = new Date('2027-06-01T00:00:00.000Z');
    value(buildDemoBoard(doc, { now }));
    for (const deal of readDeals(doc)) {
      if (!deal.invalid) expect(deal.createdAt.startsWith('2027-') && deal.createdAt <= now.toISOString()).toBe(true);
    }
  });
});
