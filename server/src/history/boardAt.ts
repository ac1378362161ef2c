/**
 * The board as it was at a moment, rebuilt from the store (snapshot at or before it plus
 * the log after it), never from a room's memory: what was committed is what history shows.
 * It starts from the snapshot's history form (historySnapshot.ts), a fraction of the full
 * snapshot to decode, whenever the updates after it replay there exactly; else from the
 * full snapshot, keeping its history form for the next look at that stretch of time.
 */
import * as Y from 'yjs';
import { log } from '../log';
import type { LoadedDocument, Store, StoredUpdate } from '../store/Store';
import { encodeHistorySnapshot, replaysExactly } from './historySnapshot';

export interface BoardAt {
  doc: Y.Doc;
  /** The last seq folded in (0 before the board's first update). */
  seq: number;
}

/** The last seq folded in by `loaded`. */
function seqOf(loaded: LoadedDocument): number {
  return loaded.updates[loaded.updates.length - 1]?.seq ?? loaded.snapshotSeq;
}

/** Applies the updates in order, in one transaction (each decoded once; no merge first). */
function applyAll(doc: Y.Doc, updates: readonly StoredUpdate[]): Y.Doc {
  doc.transact(() => {
    for (const { update } of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

function docOf(snapshot: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  return doc;
}

/** The full snapshot with the updates; `keep`: also keep the snapshot's history form. */
async function fromFullSnapshot(store: Store, boardId: string, loaded: LoadedDocument, keep: boolean): Promise<BoardAt> {
  const doc = docOf(loaded.snapshot);
  if (keep && loaded.snapshot && loaded.snapshotSeq > 0) {
    await store.writeHistorySnapshot(boardId, loaded.snapshotSeq, encodeHistorySnapshot(doc)).catch((error: unknown) => {
      log.warn('history', 'could not keep a history snapshot', { boardId, seq: loaded.snapshotSeq, error: (error as Error).message });
    });
  }
  return { doc: applyAll(doc, loaded.updates), seq: seqOf(loaded) };
}

/** @example const { doc } = await loadBoardAt(store, boardId, '2026-01-12T14:03:00.000Z'); */
export async function loadBoardAt(store: Store, boardId: string, at: string): Promise<BoardAt> {
  const loaded = await store.loadDocumentAt(boardId, at, { history: true });
  if (!loaded.historySnapshot) return fromFullSnapshot(store, boardId, loaded, true);
  const doc = docOf(loaded.snapshot);
  if (
    replaysExactly(
      doc,
      loaded.updates.map((u) => u.update),
    )
  )
    return { doc: applyAll(doc, loaded.updates), seq: seqOf(loaded) };
  // An update refers to a value the history form left out (an old client's edit): start from the full snapshot.
  doc.destroy();
  return fromFullSnapshot(store, boardId, await store.loadDocumentAt(boardId, at), false);
}
