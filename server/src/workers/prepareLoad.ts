/**
 * The heavy half of opening a board, done from the stored parts alone so it can run in a
 * worker thread: the snapshot and log are applied to a fresh Y.Doc, checked against the
 * schema, and encoded as one garbage-collected update (one update, with deleted content
 * gone, applies several times faster than the log's parts or their raw merge), kept for
 * the first client's full-state reply, and as slices of it (stateSlices.ts); and the Yjs
 * client ids each user wrote with in the log are read out (conflict detection needs them).
 * The room's own loop then applies the slices, yielding between them, and nothing else.
 *
 * The whole state as one sync step 2 (`early.state`) is handed over as soon as it is encoded
 * and checked, then its slices as sync messages (`early.frames`, for clients that take
 * slices), before the rest is read: clients waiting for the board are answered from them
 * while the room still applies them (sync/EarlyAnswers.ts). Only a state that passed the
 * schema check and builds no waiting structs is handed over early: nothing a repair would remove.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { findShapeViolation } from '../sync/schemaGuard';
import { docFromLog } from './docFromLog';
import { encodeStateAsSlices } from './stateSlices';
import { snapshotDeals, type DealSnapshot } from '../activity/boardCache';
import { encodeSyncStep2Of, encodeSyncUpdate } from '../sync/protocol';

export interface LoadJob {
  snapshot: Uint8Array | null;
  /** The log after the snapshot, in seq order, with the user who wrote each update. */
  updates: { update: Uint8Array; userId: string | null }[];
}

export interface PreparedLoad {
  /**
   * The whole stored state as slices to apply in order (stateSlices.ts), each as a sync update
   * message, to be sent to clients as it is (syncPayload gives the update); none when `violation` is set.
   */
  frames: Uint8Array[];
  /** The whole stored state as one sync step 2 message (for a client that takes no slices); empty when `violation` is set. */
  stateMessage: Uint8Array;
  /** The slices build exactly the stored state, with nothing waiting on missing structs (so they may be sent to clients as they are). */
  exact: boolean;
  /** What the activity deriver's cache keeps of each deal (snapshotDeals), read here rather than on the room's loop. */
  deals: Array<[dealId: string, snapshot: DealSnapshot]>;
  /** Where the stored state breaks the schema (the room then repairs it update by update), or null. */
  violation: string | null;
  /** For each user who wrote in the log: the Yjs client ids of their updates. */
  clientsByUser: [userId: string, clients: number[]][];
}

/**
 * Hears the stored state once it is known to be exact (see the file's comment): its one
 * message first (what every client but one asking for slices takes), then its slices' messages.
 */
export interface EarlyState {
  state(stateMessage: Uint8Array): void;
  frames(frames: Uint8Array[]): void;
}

export function prepareLoad(job: LoadJob, early?: EarlyState): PreparedLoad {
  const doc = docFromLog({ snapshot: job.snapshot, updates: job.updates.map((u) => u.update) });
  try {
    const violation = findShapeViolation(doc);
    // Structs waiting on missing ones are in the whole state only: the room applies it whole to see (and drop) them.
    const waiting = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    const exact = violation === null && !waiting;
    const state = violation === null ? Y.encodeStateAsUpdate(doc) : new Uint8Array();
    const stateMessage = violation === null ? encodeSyncStep2Of(state) : new Uint8Array();
    if (exact) early?.state(stateMessage);
    const slices = violation !== null ? [] : waiting ? [state] : encodeStateAsSlices(doc);
    const frames = slices.map(encodeSyncUpdate);
    if (exact) early?.frames(frames);
    const deals = violation === null ? snapshotDeals(doc) : [];
    return { frames, stateMessage, exact, deals, violation, clientsByUser: clientsByUser(job.updates) };
  } finally {
    doc.destroy();
  }
}

function clientsByUser(updates: LoadJob['updates']): PreparedLoad['clientsByUser'] {
  const byUser = new Map<string, Set<number>>();
  for (const { update, userId } of updates) {
    if (!userId) continue;
    const clients = byUser.get(userId) ?? new Set<number>();
    for (const client of clientsOf(update)) clients.add(client);
    byUser.set(userId, clients);
  }
  return [...byUser].map(([userId, clients]) => [userId, [...clients]]);
}

/**
 * The Yjs client ids whose structs an update carries. Nearly every stored update is one
 * client's transaction: its id is in the header (v1: block count, then the first block's
 * struct count and client), read without decoding the content, which parseUpdateMeta would.
 */
export function clientsOf(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const blocks = decoding.readVarUint(decoder);
  if (blocks === 0) return [];
  if (blocks > 1) return [...Y.parseUpdateMeta(update).to.keys()];
  decoding.readVarUint(decoder); // structs in the block
  return [decoding.readVarUint(decoder)];
}
