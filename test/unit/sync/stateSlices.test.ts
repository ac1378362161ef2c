/**
 * A board's state in slices (server/src/workers/stateSlices.ts): applied in order, each slice
 * finds everything it builds on already there, and together they build the same document
 * as the one big update, deletions included.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addComment, createDeal, deleteDeal, initBoard, moveDeal, selectColumns, updateDeal } from '../../../shared/src/board';
import { userOrigin } from '../../../shared/src/board/origin';
import { dealNotes } from '../../../shared/src/board/readers';
import { encodeStateAsSlices, applySlices } from '../../../server/src/workers/stateSlices';

function sameDocument(a: Y.Doc, b: Y.Doc): void {
  for (const name of ['board', 'columns', 'deals']) expect(b.getMap(name).toJSON()).toEqual(a.getMap(name).toJSON());
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))).toBe(true);
}

/** Three people editing the same deals, synced crosswise, so structs refer across clients. */
function busyBoard(): Y.Doc {
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const sync = () => {
    for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  };
  initBoard(docs[0]!, { name: 'Busy', template: 'pipeline' }, userOrigin('u0'));
  sync();
  const ids: string[] = [];
  for (let round = 0; round < 30; round++) {
    docs.forEach((doc, who) => {
      const origin = userOrigin(`u${who}`);
      const columns = selectColumns(doc).columns;
      const created = createDeal(
        doc,
        { columnId: columns[round % columns.length]!.id, title: `Deal ${round}.${who}`, amount: round * 1e6, tags: ['a', 'b'] },
        origin,
      );
      if (created.ok) ids.push(created.value.dealId);
      const other = ids[(round * 7 + who) % ids.length]!;
      updateDeal(doc, { dealId: other, patch: { title: `Renamed by ${who} in ${round}`, tags: [`t${round}`] } }, origin);
      addComment(doc, { dealId: other, body: `Comment ${round} from ${who}` }, origin);
      dealNotes(doc, other)?.insert(0, `${who}:${round} `);
      moveDeal(doc, { dealId: other, toColumnId: columns[(round + who) % columns.length]!.id }, origin);
      if (round % 9 === 8) deleteDeal(doc, { dealId: ids[round]! }, origin);
    });
    if (round % 3 === 0) sync();
  }
  sync();
  return docs[0]!;
}

describe('encodeStateAsSlices', () => {
  it('slices a busy board so that no slice waits for a later one, and the slices rebuild it exactly', async () => {
    const doc = busyBoard();
    const slices = encodeStateAsSlices(doc, 50, 50);
    expect(slices.length).toBeGreaterThan(10);
    const rebuilt = new Y.Doc();
    for (const slice of slices) {
      Y.applyUpdate(rebuilt, slice);
      expect(rebuilt.store.pendingStructs).toBeNull();
      expect(rebuilt.store.pendingDs).toBeNull();
    }
    sameDocument(doc, rebuilt);

    const applied = new Y.Doc();
    await applySlices(applied, slices, 'load');
    sameDocument(doc, applied);
  });

  it('gives an empty document one slice: its empty delete set', () => {
    const slices = encodeStateAsSlices(new Y.Doc());
    expect(slices).toHaveLength(1);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, slices[0]!);
    expect(rebuilt.store.clients.size).toBe(0);
  });
});
