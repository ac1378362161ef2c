/**
 * Warming a loaded board's read cache (server/src/sync/warmReadCache.ts): every deal is parsed
 * into the cache, slice by slice, and a deal edited while the warm-up runs still reads as edited.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDeal, initBoard, selectColumns, updateDeal } from '../../../shared/src/board';
import { docCache } from '../../../shared/src/board/cache';
import { readDealById } from '../../../shared/src/board/readers';
import { userOrigin } from '../../../shared/src/board/origin';
import { warmReadCache } from '../../../server/src/sync/warmReadCache';

describe('warmReadCache', () => {
  it('parses every deal into the read cache, and an edit made meanwhile is read', async () => {
    const doc = new Y.Doc();
    const origin = userOrigin('u1');
    initBoard(doc, { name: 'Board', template: 'pipeline' }, origin);
    const columnId = selectColumns(doc).columns[0]!.id;
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) {
      const created = createDeal(doc, { columnId, title: `Deal ${i}` }, origin);
      if (created.ok) ids.push(created.value.dealId);
    }
    const warming = warmReadCache(doc);
    // The first slice is parsed; edit a deal it holds and one it does not yet, between slices.
    updateDeal(doc, { dealId: ids[0]!, patch: { title: 'Edited early' } }, origin);
    updateDeal(doc, { dealId: ids[599]!, patch: { title: 'Edited late' } }, origin);
    await warming;
    // Every deal is cached but the one edited after its slice: it dropped out, to be parsed when read.
    expect(docCache(doc)!.deals.size).toBe(599);
    expect(docCache(doc)!.deals.has(ids[0]!)).toBe(false);
    expect(readDealById(doc, ids[0]!)).toMatchObject({ title: 'Edited early' });
    expect(readDealById(doc, ids[599]!)).toMatchObject({ title: 'Edited late' });
  });
});
