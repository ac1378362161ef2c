/**
 * Helpers for the tests of snapshot thinning against a real server and store: a board seeded
 * and snapshotted through the store, and which snapshots the store keeps.
 */
import * as Y from 'yjs';
import { createDeal, initBoard, userOrigin } from '../../shared/src/board';
import type { StartedServer } from './startServer';
import type { TestUser } from './clients';

/** The value of a shared mutation's result, or a thrown error naming what it refused. */
export function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The snapshots a board keeps, by seq: the nearest one at each logged update's time. */
export async function keptSeqs(on: StartedServer, id: string): Promise<number[]> {
  const seqs = new Set<number>();
  for (const u of await on.store.listUpdates(id)) {
    const loaded = await on.store.loadDocumentAt(id, u.at);
    if (loaded.snapshot) seqs.add(loaded.snapshotSeq);
  }
  return [...seqs].sort((a, b) => a - b);
}

/**
 * A board named 'Big' of `deals` deals over the pipeline's four columns, logged as one update
 * and compacted: the seed document (to write more with), the seq and the snapshot's bytes.
 */
export async function seedSnapshottedBoard(
  on: StartedServer,
  user: TestUser,
  id: string,
  deals: number,
): Promise<{ seed: Y.Doc; seq: number; snapshotBytes: number }> {
  await on.store.createBoard({ id, name: 'Big', ownerId: user.id });
  const seed = new Y.Doc();
  const origin = userOrigin(user.id);
  const columns = must(initBoard(seed, { name: 'Big', currency: 'EUR', template: 'pipeline' }, origin)).columnIds;
  for (let d = 0; d < deals; d++) must(createDeal(seed, { columnId: columns[d % 4]!, title: `Deal ${d}`, amount: d }, origin));
  const seq = await on.store.appendUpdates(id, [{ update: Y.encodeStateAsUpdate(seed), userId: user.id, at: new Date().toISOString() }]);
  await on.store.compact(id, seq);
  return { seed, seq, snapshotBytes: (await on.store.loadDocument(id)).snapshot!.length };
}
