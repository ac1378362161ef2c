/**
 * The schema guard against real Yjs updates: every shared mutation (what honest clients
 * send) passes, concurrent edits under a deleted deal pass (Yjs discards them), and
 * attacks that hide their parent behind a neighbour (no parent info in the struct) are
 * found and refused.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addColumn,
  addComment,
  createDeal,
  deleteColumn,
  deleteComment,
  deleteDeal,
  editComment,
  initBoard,
  moveDeal,
  archiveDeal,
  renameColumn,
  selectColumns,
  setBoardInfo,
  updateDeal,
} from '../../../shared/src/board';
import { DEAL_NOTES, DEAL_TAGS, dealsMap } from '../../../shared/src/board/schema';
import { userOrigin } from '../../../shared/src/board/origin';
import { checkUpdateShape, findShapeViolation } from '../../../server/src/sync/schemaGuard';

const origin = userOrigin('u1');

function verdict(server: Y.Doc, update: Uint8Array) {
  return checkUpdateShape(server, Y.decodeUpdate(update).structs);
}

/** A client doc whose every update is checked against (then applied to) a server doc. */
function mirrored() {
  const client = new Y.Doc();
  const server = new Y.Doc();
  const refusals: string[] = [];
  client.on('update', (update: Uint8Array) => {
    const result = verdict(server, update);
    if (!result.ok) refusals.push(result.missing ? 'missing' : result.reason);
    Y.applyUpdate(server, update);
  });
  return { client, server, refusals };
}

describe('schema guard', () => {
  it('passes every shared mutation', () => {
    const { client, server, refusals } = mirrored();
    expect(initBoard(client, { name: 'Pipeline', template: 'pipeline' }, origin).ok).toBe(true);
    const columnId = selectColumns(client).columns[0]!.id;
    const created = createDeal(
      client,
      { columnId, title: 'Amazon invests in OpenAI', tags: ['ai', 'cloud'], links: ['https://example.com'], notes: 'up to $50B' },
      origin,
    );
    if (!created.ok) throw new Error(created.error.message);
    const { dealId } = created.value;
    updateDeal(client, { dealId, patch: { amount: 50_000_000_000, tags: ['cloud', 'ai', 'mega'], links: [], notes: 'in talks: up to $50B' } }, origin);
    const comment = addComment(client, { dealId, body: 'Confirmed by two sources' }, origin);
    if (!comment.ok) throw new Error(comment.error.message);
    editComment(client, { dealId, commentId: comment.value.commentId, body: 'Confirmed by three sources' }, origin);
    deleteComment(client, { dealId, commentId: comment.value.commentId }, origin);
    const column = addColumn(client, { name: 'Diligence' }, origin);
    if (!column.ok) throw new Error(column.error.message);
    renameColumn(client, { columnId: column.value.columnId, name: 'Due diligence' }, origin);
    moveDeal(client, { dealId, toColumnId: column.value.columnId }, origin);
    archiveDeal(client, { dealId }, origin);
    setBoardInfo(client, { name: 'Renamed', currency: 'EUR' }, origin);
    deleteColumn(client, { columnId: column.value.columnId, moveDealsTo: columnId }, origin);
    deleteDeal(client, { dealId }, origin);
    expect(refusals).toEqual([]);
    expect(findShapeViolation(server)).toBeNull();
  });

  it('passes a comment added concurrently to a deal another client deleted', () => {
    const { client, server } = mirrored();
    initBoard(client, { name: 'Pipeline', template: 'pipeline' }, origin);
    const created = createDeal(client, { columnId: selectColumns(client).columns[0]!.id, title: 'SoftBank $30B' }, origin);
    if (!created.ok) throw new Error(created.error.message);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    deleteDeal(client, { dealId: created.value.dealId }, origin);
    const before = Y.encodeStateVector(other);
    addComment(other, { dealId: created.value.dealId, body: 'late' }, origin);
    expect(verdict(server, Y.encodeStateAsUpdate(other, before))).toEqual({ ok: true });
  });

  it('finds the parent of structs that carry none (taken from a neighbour) and refuses wrong kinds there', () => {
    const { client, server } = mirrored();
    initBoard(client, { name: 'Pipeline', template: 'pipeline' }, origin);
    const created = createDeal(client, { columnId: selectColumns(client).columns[0]!.id, title: 'Amazon $8B', tags: ['ai'] }, origin);
    if (!created.ok) throw new Error(created.error.message);
    const deal = () => dealsMap(attacker).get(created.value.dealId)!;
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(server));
    const craft = (change: () => void) => {
      const before = Y.encodeStateVector(attacker);
      change();
      return Y.encodeStateAsUpdate(attacker, before);
    };
    // After an existing tag: the new struct's parent is the left neighbour's.
    const nested = craft(() => (deal().get(DEAL_TAGS) as Y.Array<unknown>).push([new Y.Array()]));
    expect(Y.decodeUpdate(nested).structs.some((s) => s instanceof Y.Item && s.parent === null)).toBe(true);
    expect(verdict(server, nested)).toMatchObject({ ok: false, missing: false });
    // A chain in one update: each level's parent is the previous struct of the same update.
    const attacker2 = new Y.Doc();
    Y.applyUpdate(attacker2, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(attacker2);
    attacker2.transact(() => {
      const notes = dealsMap(attacker2).get(created.value.dealId)!.get(DEAL_NOTES) as Y.Text;
      notes.insert(0, 'plain');
      notes.insert(5, ' more');
      notes.format(0, 3, { bold: true });
    });
    expect(verdict(server, Y.encodeStateAsUpdate(attacker2, before))).toEqual({ ok: false, missing: false, reason: 'a text holds plain characters only' });
  });

  it('asks for what is missing instead of applying an update that builds on unknown structs', () => {
    const { client, server } = mirrored();
    initBoard(client, { name: 'Pipeline', template: 'pipeline' }, origin);
    const ahead = new Y.Doc();
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(server));
    const columnId = selectColumns(ahead).columns[0]!.id;
    createDeal(ahead, { columnId, title: 'first' }, origin); // never reaches the server
    const sv = Y.encodeStateVector(ahead);
    const created = createDeal(ahead, { columnId, title: 'second' }, origin);
    if (!created.ok) throw new Error(created.error.message);
    dealsMap(ahead).forEach((d) => d.set('target', 'x'));
    expect(verdict(server, Y.encodeStateAsUpdate(ahead, sv))).toEqual({ ok: false, missing: true });
  });
});
