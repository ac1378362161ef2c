/**
 * The per-board deal limit: the shared mutations refuse a deal past MAX_DEALS_PER_BOARD with a
 * clear message and leave the document unchanged; the server's update check counts the deals
 * a raw Yjs update adds.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDeal, deleteDeal, dealsMap, readDealById, type Deal } from '../../../shared/src/board';
import { DEAL_LIMIT_MESSAGE, MAX_DEALS_PER_BOARD } from '../../../shared/src/board/limits';
import { reviveDeal } from '../../../shared/src/board/mutations/revive';
import { dealsAddedBy, exceedsDealLimit } from '../../../server/src/sync/dealLimit';
import { ADA, NOW, pipelineBoard, value } from './util';

/**
 * A pipeline board holding `count` deals: minimal valid deal maps written directly (a fixture:
 * ten thousand createDeal calls take seconds on a loaded machine), plus one made by createDeal.
 */
function boardWith(count: number) {
  const { doc, columns } = pipelineBoard();
  value(createDeal(doc, { columnId: columns.rumoured, title: 'Deal 0' }, ADA, { now: NOW }));
  doc.transact(() => {
    for (let i = 1; i < count; i++) {
      const map = new Y.Map<unknown>();
      dealsMap(doc).set(`deal-${i}`, map);
      map.set('title', `Deal ${i}`);
      map.set('columnId', columns.rumoured);
      map.set('rank', `a${String(i).padStart(5, '0')}`);
    }
  }, ADA);
  return { doc, columns };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('deal limit', () => {
  const { doc, columns } = boardWith(MAX_DEALS_PER_BOARD);

  it('refuses one more deal with a message naming the limit, leaving the board as it was', () => {
    expect(dealsMap(doc).size).toBe(MAX_DEALS_PER_BOARD);
    const before = Y.encodeStateAsUpdate(doc);
    const result = createDeal(doc, { columnId: columns.talks, title: 'One too many' }, ADA);
    expect(result).toEqual({ ok: false, error: { code: 'invalid', message: DEAL_LIMIT_MESSAGE } });
    expect(DEAL_LIMIT_MESSAGE).toContain('10,000 deals');
    expect(same(Y.encodeStateAsUpdate(doc), before)).toBe(true);
  });

  it('refuses to bring a deleted deal back onto a full board, and takes it once there is room', () => {
    const [first] = dealsMap(doc).keys();
    const deal = readDealById(doc, first!) as Deal;
    value(deleteDeal(doc, { dealId: deal.id }, ADA));
    value(createDeal(doc, { columnId: columns.talks, title: 'Takes the free place' }, ADA));
    expect(reviveDeal(doc, { deal }, ADA)).toEqual({ ok: false, error: { code: 'invalid', message: DEAL_LIMIT_MESSAGE } });
    expect(readDealById(doc, deal.id)).toBeNull();
    value(deleteDeal(doc, { dealId: [...dealsMap(doc).keys()][1]! }, ADA));
    expect(value(reviveDeal(doc, { deal }, ADA)).dealId).toBe(deal.id);
  });
});

describe('dealsAddedBy (the server check of raw updates)', () => {
  it('counts new deal keys only: not edits of held deals, not structs the board already has', () => {
    const { doc, columns } = boardWith(3);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const held = [...dealsMap(client).keys()][0]!;
    client.transact(() => {
      for (const id of ['n1', 'n2']) {
        const map = new Y.Map<unknown>();
        dealsMap(client).set(id, map);
        map.set('title', id);
        map.set('columnId', columns.talks);
      }
      dealsMap(client).get(held)!.set('title', 'edited');
    });
    const update = updates[0]!;
    expect(dealsAddedBy(doc, Y.decodeUpdate(update).structs)).toBe(2);
    Y.applyUpdate(doc, update);
    expect(dealsAddedBy(doc, Y.decodeUpdate(update).structs)).toBe(0);
    expect(dealsAddedBy(doc, Y.decodeUpdate(Y.encodeStateAsUpdate(client)).structs)).toBe(0);
  });

  it('says when an update would take a board past the limit', () => {
    const { doc, columns } = boardWith(MAX_DEALS_PER_BOARD - 1);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const add = (id: string) => {
      const map = new Y.Map<unknown>();
      dealsMap(client).set(id, map);
      map.set('columnId', columns.talks);
    };
    add('last');
    expect(exceedsDealLimit(doc, Y.decodeUpdate(updates[0]!).structs)).toBe(false);
    add('past');
    expect(exceedsDealLimit(doc, Y.decodeUpdate(Y.mergeUpdates(updates)).structs)).toBe(true);
  });
});
