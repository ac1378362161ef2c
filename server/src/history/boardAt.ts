/**
 * The board as it was at a moment, rebuilt from the store (snapshot at or before it plus
 * the log after it), never from a room's memory: what was committed is what history shows.
 */
import * as Y from 'yjs';
import type { Store, StoredUpdate } from '../store/Store';

export interface BoardAt {
  doc: Y.Doc;
  /** The last seq folded in (0 before the board's first update). */
  seq: number;
}

/** Applies the snapshot and updates to a fresh document. */
export function buildDoc(snapshot: Uint8Array | null, updates: readonly StoredUpdate[]): Y.Doc {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates.map((u) => u.update)));
  return doc;
}

/** @example const { doc } = await loadBoardAt(store, boardId, '2026-01-12T14:03:00.000Z'); */
export async function loadBoardAt(store: Store, boardId: string, at: string): Promise<BoardAt> {
  const loaded = await store.loadDocumentAt(boardId, at);
  const last = loaded.updates[loaded.updates.length - 1];
  return { doc: buildDoc(loaded.snapshot, loaded.updates), seq: last?.seq ?? loaded.snapshotSeq };
}
