/**
 * One open board: its Y.Doc, its connections and their awareness.
 *
 * Commit before broadcast: every update a client sends is applied, stamped with the
 * connection's identity, appended to the store and committed before any other client
 * (or Socket.IO listener) hears of it. Updates arriving in the same tick share one
 * transaction and go out as one merged message (group commit). Replies that reveal
 * document state (sync step 2) wait for the commit that covers what they reveal.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Store, NewUpdate } from '../store/Store';
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import { canEdit, canManage } from '../../../shared/src/roles';
import { SYSTEM_USER_ID, type MutationOrigin } from '../../../shared/src/board/origin';
import { log } from '../log';
import { RoomConnection } from './RoomConnection';
import { applyStampedUpdate } from './stampIdentity';
import {
  BadMessageError,
  type AwarenessEntry,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './protocol';
import { CloseCodes } from '../../../shared/src/closeCodes';

/**
 * Awareness client ids one connection may publish. A y-websocket client publishes one (its
 * doc's); the cap keeps a single socket from filling the room and everyone's screen.
 */
export const MAX_AWARENESS_IDS = 8;

/** The least time between two resync requests to one connection. */
const RESYNC_INTERVAL_MS = 2_000;

/** Origin of the updates applied while loading from the store: not new, not stored again. */
const LOAD_ORIGIN = Symbol('load');

/** Where a room reports what it committed (Socket.IO in production). */
export interface RoomPublisher {
  saved(boardId: string, stateVector: Uint8Array): void;
  activity(boardId: string, events: ActivityEvent[]): void;
}

/** Derives activity events from the room's document (see server/src/activity). */
export type ActivityAttacher = (
  doc: Y.Doc,
  options: { boardId: string; resolveActor: (origin: unknown) => Actor | null; onEvents: (events: ActivityEvent[]) => void },
) => { flush(): void; dispose(): void };

export interface RoomOptions {
  boardId: string;
  store: Store;
  publisher: RoomPublisher;
  /** Write a snapshot after this many updates since the last one. */
  compactEvery: number;
  attachActivity?: ActivityAttacher;
  /** Display names of system actors. */
  systemName?: string;
}

function isMutationOrigin(origin: unknown): origin is MutationOrigin {
  return typeof origin === 'object' && origin !== null && 'source' in origin && 'userId' in origin;
}

export class BoardRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<RoomConnection>();
  readonly boardId: string;

  private readonly store: Store;
  private readonly publisher: RoomPublisher;
  private readonly compactEvery: number;
  private readonly clientOwners = new Map<number, RoomConnection>();
  private readonly activity: { flush(): void; dispose(): void } | null;

  private pending: NewUpdate[] = [];
  private pendingEvents: ActivityEvent[] = [];
  private outbox: Array<{ connection: RoomConnection; message: Uint8Array }> = [];
  private commitScheduled = false;
  private commitChain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private lastSeq = 0;
  private sinceSnapshot = 0;
  private destroyed = false;
  /** The state vector of what is on disk (what `board:saved` last announced). */
  committedStateVector: Uint8Array = Y.encodeStateVector(this.doc);

  private constructor(options: RoomOptions) {
    this.boardId = options.boardId;
    this.store = options.store;
    this.publisher = options.publisher;
    this.compactEvery = options.compactEvery;
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    const systemName = options.systemName ?? 'Tranche';
    this.activity =
      options.attachActivity?.(this.doc, {
        boardId: this.boardId,
        resolveActor: (origin) => this.resolveActor(origin, systemName),
        onEvents: (events) => this.queueEvents(events),
      }) ?? null;
  }

  /** Loads the board from its latest snapshot plus the updates after it. */
  static async load(options: RoomOptions): Promise<BoardRoom> {
    const room = new BoardRoom(options);
    const loaded = await options.store.loadDocument(options.boardId);
    const parts = [...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates.map((u) => u.update)];
    if (parts.length > 0) Y.applyUpdate(room.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), LOAD_ORIGIN);
    room.lastSeq = loaded.updates.at(-1)?.seq ?? loaded.snapshotSeq;
    room.sinceSnapshot = loaded.updates.length;
    room.committedStateVector = Y.encodeStateVector(room.doc);
    return room;
  }

  // ---- connections -------------------------------------------------------------------

  /** Starts the sync handshake with a new connection (the server's step 1, others' awareness). */
  addConnection(connection: RoomConnection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(encodeAwarenessMessage(this.awareness, states));
  }

  removeConnection(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    const owned = [...connection.clientIds];
    for (const id of owned) this.clientOwners.delete(id);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  /**
   * Handles one frame. A frame that fails to decode closes only this connection. A
   * connection already taken out of the room (access removed) is ignored: its socket may
   * linger in the closing state, still delivering frames, for ws's close timeout.
   */
  handleMessage(connection: RoomConnection, data: Uint8Array): void {
    if (this.destroyed || !this.connections.has(connection)) return;
    try {
      const message = decodeClientMessage(data);
      switch (message.type) {
        case 'sync-step1':
          this.sendDocState(connection, encodeSyncStep2(this.doc, message.stateVector));
          break;
        case 'sync-update':
          if (!canEdit(connection.role)) {
            log.warn('sync', 'dropped an update from a read-only connection', { boardId: this.boardId, userId: connection.user.id });
            break;
          }
          this.applyClientUpdate(connection, message.update);
          break;
        case 'awareness':
          this.applyClientAwareness(connection, message.update);
          break;
        case 'query-awareness':
          connection.send(encodeAwarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        case 'auth':
          break;
      }
    } catch (error) {
      const reason = error instanceof BadMessageError ? error.message : `rejected: ${(error as Error).message}`;
      log.warn('sync', 'closing a connection after a bad message', { boardId: this.boardId, userId: connection.user.id, reason });
      connection.close(CloseCodes.BadMessage, 'bad message');
    }
  }

  private applyClientUpdate(connection: RoomConnection, update: Uint8Array): void {
    // The stamps land in the same tick, so they join the same group commit and broadcast.
    applyStampedUpdate(this.doc, update, connection, connection.user.id, canManage(connection.role));
    // Parts waiting on updates we lack (out-of-order delivery, or a Yjs pending-struct
    // stall): ask this client for everything we miss; its sync step 2 fills the gap.
    // At most once every RESYNC_INTERVAL_MS per connection, so a stall can't ping-pong.
    const stalled = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (stalled && Date.now() - connection.lastResyncAt > RESYNC_INTERVAL_MS) {
      connection.lastResyncAt = Date.now();
      connection.send(encodeSyncStep1(this.doc));
    }
  }

  /**
   * Accepts awareness only for client ids this connection owns (at most
   * MAX_AWARENESS_IDS of them), with the server's `user`.
   */
  private applyClientAwareness(connection: RoomConnection, update: Uint8Array): void {
    const entries: AwarenessEntry[] = [];
    let overLimit = 0;
    for (const entry of decodeAwarenessUpdate(update)) {
      const owner = this.clientOwners.get(entry.clientId);
      if (entry.clientId === this.doc.clientID || (owner !== undefined && owner !== connection)) continue;
      if (owner === undefined) {
        if (connection.clientIds.size >= MAX_AWARENESS_IDS) {
          overLimit++;
          continue;
        }
        this.clientOwners.set(entry.clientId, connection);
        connection.clientIds.add(entry.clientId);
      }
      if (entry.state) entry.state.user = { ...connection.user };
      entries.push(entry);
    }
    if (overLimit > 0) {
      log.warn('sync', 'dropped awareness beyond the per-connection limit', { boardId: this.boardId, userId: connection.user.id, dropped: overLimit });
    }
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), connection);
  }

  private readonly onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const message = encodeAwarenessMessage(this.awareness, changed);
    for (const connection of this.connections) connection.send(message);
  };

  // ---- roles -------------------------------------------------------------------------

  /** Applies a role change at once to the user's open connections (null: removed). */
  setUserRole(userId: string, role: RoomConnection['role'] | null): void {
    for (const connection of [...this.connections]) {
      if (connection.user.id !== userId) continue;
      if (role === null) {
        this.removeConnection(connection);
        connection.close(CloseCodes.AccessRemoved, 'access removed');
      } else {
        connection.role = role;
      }
    }
  }

  /** Closes the connections opened with a credential that was signed out. */
  closeCredential(credential: string): void {
    for (const connection of [...this.connections]) {
      if (connection.credential !== credential) continue;
      this.removeConnection(connection);
      connection.close(CloseCodes.SignedOut, 'signed out');
    }
  }

  closeAll(code: number, reason: string): void {
    for (const connection of [...this.connections]) {
      this.removeConnection(connection);
      connection.close(code, reason);
    }
  }

  // ---- durable commits ---------------------------------------------------------------

  private resolveActor(origin: unknown, systemName: string): Actor | null {
    if (origin === LOAD_ORIGIN) return null;
    if (origin instanceof RoomConnection) return { id: origin.user.id, name: origin.user.name };
    if (isMutationOrigin(origin)) {
      // A write that tells its own activity (a CSV import: one entry, not one per deal).
      if ((origin as { quiet?: unknown }).quiet === true) return null;
      // The server's own writes; one made for a user may carry that user's display name.
      const name = (origin as { name?: unknown }).name;
      return { id: origin.userId ?? SYSTEM_USER_ID, name: origin.userId && typeof name === 'string' ? name : systemName };
    }
    return null;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    let userId: string | null = null;
    if (origin instanceof RoomConnection) userId = origin.user.id;
    else if (isMutationOrigin(origin)) userId = origin.userId;
    this.pending.push({ update, userId, at: new Date().toISOString() });
    this.scheduleCommit();
  };

  private queueEvents(events: ActivityEvent[]): void {
    if (events.length === 0) return;
    this.pendingEvents.push(...events);
    this.scheduleCommit();
  }

  /** Sends document state now if everything is committed, else after the covering commit. */
  private sendDocState(connection: RoomConnection, message: Uint8Array): void {
    if (this.pending.length === 0 && this.inFlight === 0 && !this.commitScheduled) {
      connection.send(message);
      return;
    }
    this.outbox.push({ connection, message });
    this.scheduleCommit();
  }

  private scheduleCommit(): void {
    if (this.commitScheduled || this.destroyed) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      this.commitChain = this.commitChain.then(() => this.commitBatch());
    });
  }

  /** Resolves once everything applied so far is on disk and announced. */
  async flush(): Promise<void> {
    if (this.pending.length > 0 || this.pendingEvents.length > 0 || this.outbox.length > 0) {
      this.commitChain = this.commitChain.then(() => this.commitBatch());
    }
    await this.commitChain;
  }

  private async commitBatch(): Promise<void> {
    const updates = this.pending;
    const events = this.pendingEvents;
    const outbox = this.outbox;
    if (updates.length === 0 && events.length === 0 && outbox.length === 0) return;
    this.pending = [];
    this.pendingEvents = [];
    this.outbox = [];
    // The document now holds exactly what is committed plus this batch.
    const stateVector = Y.encodeStateVector(this.doc);
    const snapshot = updates.length > 0 && this.sinceSnapshot + updates.length >= this.compactEvery ? Y.encodeStateAsUpdate(this.doc) : null;
    this.inFlight++;
    try {
      if (updates.length > 0) {
        this.lastSeq = await this.store.appendUpdates(this.boardId, updates, events);
        this.sinceSnapshot += updates.length;
      } else if (events.length > 0) {
        await this.store.addActivity(events);
      }
    } catch (error) {
      // Nothing of this batch reached anyone. Drop the room: clients still hold their
      // edits and resend them on reconnect, against a room reloaded from disk.
      log.error('sync', 'commit failed; closing the room', { boardId: this.boardId, error: (error as Error).message });
      this.inFlight--;
      this.closeAll(CloseCodes.ServerShutdown, 'storage failure');
      this.destroy();
      return;
    }
    this.inFlight--;
    if (updates.length > 0) {
      const merged = updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((u) => u.update));
      const message = encodeSyncUpdate(merged);
      for (const connection of this.connections) connection.send(message);
    }
    for (const { connection, message } of outbox) connection.send(message);
    if (updates.length > 0) {
      this.committedStateVector = stateVector;
      this.publisher.saved(this.boardId, stateVector);
    }
    if (events.length > 0) this.publisher.activity(this.boardId, events);
    if (snapshot) await this.compact(snapshot);
  }

  private async compact(snapshot: Uint8Array): Promise<void> {
    try {
      await this.store.writeSnapshot(this.boardId, this.lastSeq, snapshot);
      this.sinceSnapshot = 0;
    } catch (error) {
      log.warn('sync', 'snapshot failed; the update log still holds everything', { boardId: this.boardId, error: (error as Error).message });
    }
  }

  /** Flushes buffered activity (coalesced typing) and every pending commit. */
  async close(): Promise<void> {
    this.activity?.flush();
    await this.flush();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.activity?.dispose();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }
}
