/**
 * The one lane pipeline (shared/src/board/selectors.ts): filtering and the identity-preserving
 * reuse that keeps a remote move from re-rendering the rest of the board.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDeal, moveDeal, renameColumn, selectDeals, selectLanes, selectTags, setBoardInfo, updateDeal, archiveDeal } from '../../../shared/src/board';
import { linkDocs } from '../../helpers/linkDocs';
import { ADA, BOB, NOW, pipelineBoard, seedDeals, value } from './util';

const titles = (lanes: ReturnType<typeof selectLanes>) => lanes.map((l) => l.deals.map((d) => d.title));

describe('selectLanes filtering', () => {
  it('filters by text (title, parties, tags; case and spaces ignored), owner, tag and kind; lanes stay', () => {
    const { doc, columns } = pipelineBoard();
    value(createDeal(doc, { columnId: columns.talks, title: 'Amazon invests in OpenAI', kind: 'investment', tags: ['AI'], ownerId: 'ada' }, ADA, { now: NOW }));
    value(
      createDeal(doc, { columnId: columns.agreed, title: 'Chips', acquirer: 'SoftBank', kind: 'acquisition', tags: ['chips'], ownerId: 'bob' }, ADA, {
        now: NOW,
      }),
    );
    expect(titles(selectLanes(doc, { text: '  OPENAI ' }))).toEqual([[], ['Amazon invests in OpenAI'], [], [], [], []]);
    expect(titles(selectLanes(doc, { text: 'softbank' }))[2]).toEqual(['Chips']);
    expect(titles(selectLanes(doc, { text: 'chips' })).flat()).toEqual(['Chips']);
    expect(titles(selectLanes(doc, { ownerId: 'bob' })).flat()).toEqual(['Chips']);
    expect(titles(selectLanes(doc, { tag: 'AI' })).flat()).toEqual(['Amazon invests in OpenAI']);
    expect(titles(selectLanes(doc, { kind: 'acquisition' })).flat()).toEqual(['Chips']);
    expect(selectLanes(doc, { text: 'nothing matches' })).toHaveLength(6);
  });

  it('archived deals only with includeArchived, also under a filter', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['Old OpenAI rumour', 'OpenAI round']) as [string];
    value(archiveDeal(doc, { dealId: a }, ADA));
    expect(titles(selectLanes(doc, { text: 'openai' })).flat()).toEqual(['OpenAI round']);
    expect(
      titles(selectLanes(doc, { text: 'openai', includeArchived: true }))
        .flat()
        .sort(),
    ).toEqual(['Old OpenAI rumour', 'OpenAI round']);
  });

  it('the same filter (even spelled differently) is one cache entry: the same lanes', () => {
    const { doc, columns } = pipelineBoard();
    seedDeals(doc, columns.talks, ['OpenAI']);
    expect(selectLanes(doc, { text: 'openai' })).toBe(selectLanes(doc, { text: ' OpenAI', ownerId: null }));
    expect(selectLanes(doc)).toBe(selectLanes(doc, { includeArchived: false }));
  });
});

describe('identity across changes', () => {
  it('a remote move gives new objects only for the two lanes it touched and the moved deal', () => {
    const { doc, columns } = pipelineBoard();
    const replica = new Y.Doc();
    const link = linkDocs(doc, replica);
    const [moved] = seedDeals(doc, columns.talks, ['Moved', 'Stays in talks']) as [string];
    seedDeals(doc, columns.agreed, ['Agreed one']);
    seedDeals(doc, columns.review, ['Under review']);
    link.sync();
    const before = selectLanes(replica);
    const dealsBefore = new Map(before.flatMap((l) => l.deals).map((d) => [d.id, d]));

    value(moveDeal(doc, { dealId: moved, toColumnId: columns.agreed }, BOB));
    link.flush();
    const after = selectLanes(replica);
    expect(after).not.toBe(before);
    const changed = after.filter((lane, i) => lane !== before[i]).map((l) => l.column?.name);
    expect(changed).toEqual(['In talks', 'Agreed']);
    for (const deal of after.flatMap((l) => l.deals)) {
      if (deal.id === moved) expect(deal).not.toBe(dealsBefore.get(deal.id));
      else expect(deal).toBe(dealsBefore.get(deal.id));
    }
  });

  it('a change outside the deals (board name) keeps lanes, deal list and tags as they were', () => {
    const { doc, columns } = pipelineBoard();
    value(createDeal(doc, { columnId: columns.talks, title: 'x', tags: ['AI'] }, ADA, { now: NOW }));
    const lanes = selectLanes(doc);
    const deals = selectDeals(doc);
    const tags = selectTags(doc);
    value(setBoardInfo(doc, { name: 'Renamed' }, ADA));
    expect(selectLanes(doc)).toBe(lanes);
    expect(selectDeals(doc)).toBe(deals);
    expect(selectTags(doc)).toBe(tags);
  });

  it('an edit that does not move a card changes its lane only; tags change only when tags do', () => {
    const { doc, columns } = pipelineBoard();
    const [a] = seedDeals(doc, columns.talks, ['A']) as [string];
    seedDeals(doc, columns.agreed, ['B']);
    const lanes = selectLanes(doc);
    const tags = selectTags(doc);
    value(updateDeal(doc, { dealId: a, patch: { amount: 5 } }, ADA));
    const next = selectLanes(doc);
    expect(next.map((l, i) => l === lanes[i])).toEqual([true, false, true, true, true, true]);
    expect(selectTags(doc)).toBe(tags);
    value(updateDeal(doc, { dealId: a, patch: { tags: ['new'] } }, ADA));
    expect(selectTags(doc)).toEqual(['new']);
  });

  it('renaming a column gives that lane a new object (its header shows the name)', () => {
    const { doc, columns } = pipelineBoard();
    const lanes = selectLanes(doc);
    value(renameColumn(doc, { columnId: columns.agreed, name: 'Signed' }, ADA));
    const next = selectLanes(doc);
    expect(next.filter((l, i) => l !== lanes[i]).map((l) => l.column?.name)).toEqual(['Signed']);
  });

  it('a newly typed filter reuses the lanes it has in common with the last one', () => {
    const { doc, columns } = pipelineBoard();
    seedDeals(doc, columns.talks, ['OpenAI', 'Anthropic']);
    seedDeals(doc, columns.agreed, ['OpenAI too']);
    const o = selectLanes(doc, { text: 'o' });
    const op = selectLanes(doc, { text: 'openai' });
    expect(op).not.toBe(o);
    expect(op[2]).toBe(o[2]); // Agreed: the same one deal under both
    expect(op[1]).not.toBe(o[1]);
  });

  it('bounds the cache: many filters typed in a row are not all kept', () => {
    const { doc, columns } = pipelineBoard();
    seedDeals(doc, columns.talks, ['A']);
    const first = selectLanes(doc, { text: 'a' });
    for (let i = 0; i < 100; i++) selectLanes(doc, { text: `search ${i}` });
    // Still correct; the first entry was evicted and computed again, equal but rebuilt from reuse.
    expect(titles(selectLanes(doc, { text: 'a' }))).toEqual(titles(first));
  });
});
