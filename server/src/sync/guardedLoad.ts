/**
 * Loading a board, defended: boards stored before the schema guard may hold an update
 * that poisons them (a value nested thousands deep). The stored state was applied and
 * checked with an iterative walk beforehand (prepareLoad, in a worker for big boards);
 * only when it breaks the schema is it rebuilt here, update by update, through the same guard live updates pass,
 * dropping (and logging, with seq and author) each update the guard refuses.
 */
import * as Y from 'yjs';
import type { LoadedDocument, StoredUpdate } from '../store/Store';
import { log } from '../log';
import type { PreparedLoad } from '../workers/prepareLoad';
import { checkUpdateShape } from './schemaGuard';

interface HasDoc {
  readonly doc: Y.Doc;
  destroy(): void;
}

export interface GuardedLoadContext {
  boardId: string;
  /** The transaction origin of loading (not stored again, no activity). */
  origin: unknown;
  /** The whole log, for when the snapshot itself is poisoned. */
  fullLog: () => Promise<StoredUpdate[]>;
}

export interface GuardedLoadResult<R> {
  room: R;
  /** Size of the loaded state (exact enough for the board size limit). */
  bytes: number;
  /** True when updates were dropped: the caller snapshots the repaired state. */
  repaired: boolean;
  /** The loaded document's whole state as slices' sync messages and as one sync step 2 (prepareLoad), when the prepared ones build exactly it. */
  exact?: { frames: Uint8Array[]; stateMessage: Uint8Array };
}

export async function loadGuarded<R extends HasDoc>(
  /** Makes the room from the prepared state (its slices applied in order), or empty. */
  create: (prepared?: PreparedLoad) => Promise<R>,
  loaded: LoadedDocument,
  prepared: PreparedLoad,
  context: GuardedLoadContext,
): Promise<GuardedLoadResult<R>> {
  const { boardId, origin } = context;
  if (!loaded.snapshot && loaded.updates.length === 0) return { room: await create(), bytes: 0, repaired: false };
  const problem = prepared.violation;
  let room: R;
  if (problem === null) {
    room = await create(prepared);
    // Structs waiting on missing ones are in the prepared state but dropped here.
    const exact = prepared.exact && room.doc.store.pendingStructs === null && room.doc.store.pendingDs === null;
    dropPending(room.doc, boardId);
    const bytes = prepared.frames.reduce((sum, frame) => sum + frame.byteLength, 0);
    return { room, bytes, repaired: false, ...(exact ? { exact: { frames: prepared.frames, stateMessage: prepared.stateMessage } } : {}) };
  }

  log.warn('sync', 'the stored board breaks the schema; rebuilding it through the guard', { boardId, problem });
  room = await create();
  let updates = loaded.updates;
  if (loaded.snapshot) {
    const verdict = checkUpdateShape(room.doc, Y.decodeUpdate(loaded.snapshot).structs);
    if (verdict.ok) Y.applyUpdate(room.doc, loaded.snapshot, origin);
    else {
      log.warn('sync', 'the stored snapshot breaks the schema; replaying the whole log', { boardId, upToSeq: loaded.snapshotSeq });
      updates = await context.fullLog();
    }
  }
  let waiting: StoredUpdate[] = [];
  const tryApply = (stored: StoredUpdate): 'applied' | 'waiting' | 'dropped' => {
    const verdict = checkUpdateShape(room.doc, Y.decodeUpdate(stored.update).structs);
    if (verdict.ok) {
      Y.applyUpdate(room.doc, stored.update, origin);
      return 'applied';
    }
    if (verdict.missing) return 'waiting';
    log.warn('sync', 'repair: dropped a stored update that breaks the schema', {
      boardId,
      seq: stored.seq,
      userId: stored.userId,
      at: stored.at,
      reason: verdict.reason,
    });
    return 'dropped';
  };
  for (const stored of updates) {
    const result = tryApply(stored);
    if (result === 'waiting') waiting.push(stored);
    if (result !== 'applied') continue;
    // What waited on this update may go in now.
    let progress = true;
    while (progress && waiting.length > 0) {
      progress = false;
      waiting = waiting.filter((w) => {
        const result = tryApply(w);
        if (result === 'applied') progress = true;
        return result === 'waiting';
      });
    }
  }
  for (const stored of waiting) {
    log.warn('sync', 'repair: dropped a stored update that builds on dropped ones', { boardId, seq: stored.seq, userId: stored.userId, at: stored.at });
  }
  dropPending(room.doc, boardId);
  return { room, bytes: Y.encodeStateAsUpdate(room.doc).byteLength, repaired: true };
}

/**
 * Structs still waiting for what they build on never passed the guard: forget them, so
 * they cannot slip in later behind a client's update.
 */
function dropPending(doc: Y.Doc, boardId: string): void {
  if (doc.store.pendingStructs === null) return;
  log.warn('sync', 'dropped stored structs that build on missing ones', { boardId, missing: [...doc.store.pendingStructs.missing.keys()] });
  doc.store.pendingStructs = null;
}
