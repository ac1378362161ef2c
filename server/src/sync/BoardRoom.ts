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
import { SYSTEM_USER_ID } from '../../../shared/src/board/origin';
import { log } from '../log';
import { clusterRanges, commitSeconds, documentBytes, fanoutSeconds, snapshotSeconds } from '../metrics/metrics';
import type { RoomConnection } from './RoomConnection';
import { LOAD_ORIGIN, REMOTE_ORIGIN, connectionOrigin, isRevival, isTransactionOrigin } from './origin';
import { applyStampedUpdate } from './stampIdentity';
import { checkUpdateShape } from './schemaGuard';
import { loadGuarded } from './guardedLoad';
import { exceedsDealLimit } from './dealLimit';
import { prepareLoadOffLoop } from '../workers/loadOffLoop';
import { applySlices } from '../workers/stateSlices';
import { warmReadCache } from './warmReadCache';
import type { EarlyState, PreparedLoad } from '../workers/prepareLoad';
import { CommittedState } from './committedState';
import { runWorker } from '../workers/runWorker';
import { newStructClients } from './clientIds';
import { UserBudgets } from './TokenBucket';
import { defaultSyncLimits, type SyncLimits } from '../config';
import { boardMap } from '../../../shared/src/board/schema';
import { readBoardInfo } from '../../../shared/src/board/readers';
import { checkConflicts, seedWriters } from './detectConflicts';
import {
  BadMessageError,
  RefusedMessageError,
  type AwarenessEntry,
  type DecodedStruct,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  syncPayload,
} from './protocol';
import { CloseCodes } from '../../../shared/src/closeCodes';
import { isStoreError, SnapshotThinningError } from '../store/errors';

/**
 * Awareness client ids one connection may publish. A y-websocket client publishes one (its
 * doc's); the cap keeps a single socket from filling the room and everyone's screen.
 */
export const MAX_AWARENESS_IDS = 8;

/** The least time between two resync requests to one connection. */
const RESYNC_INTERVAL_MS = 2_000;

/**
 * How long a range that came past a gap waits for the range before it (another process's,
 * published a moment later than this one's) before the gap is read from the store.
 */
const GAP_WAIT_MS = 20;
/** A commit the database could not take (nothing committed) is tried again after this long. */
const COMMIT_RETRY_MS = 250;
/** How long failing commits are tried again before the room closes its connections (4503). */
export const COMMIT_RETRY_FOR_MS = 10_000;

/** The least time between two exact measurements of a board's size (see wouldExceedSize). */
const SIZE_MEASURE_INTERVAL_MS = 5_000;

/**
 * Where a room tells the other processes what it committed and its connections' awareness
 * (the cluster bus; see server/src/cluster). Called only after COMMIT returns.
 */
export interface RoomPeers {
  committed(range: { first: number; last: number; update: Uint8Array; clients: Array<[number, string]> }): void;
  awareness(update: Uint8Array): void;
}

/** Where a room reports what it committed (Socket.IO in production). */
export interface RoomPublisher {
  saved(boardId: string, stateVector: Uint8Array): void;
  activity(boardId: string, events: ActivityEvent[]): void;
  /**
   * `board:saved` to this process's own sockets only (several processes): this room read
   * another process's commits from the store, so they are on disk, whether or not that
   * process's own `board:saved` reached here (Redis down or a message lost).
   */
  savedHere?(boardId: string, stateVector: Uint8Array): void;
}

/** What the activity deriver's cache keeps of each deal, read with the stored board (see prepareLoad). */
export type ActivityCacheDeals = PreparedLoad['deals'];

/** Derives activity events from the room's document (see server/src/activity). */
export type ActivityAttacher = (
  doc: Y.Doc,
  options: {
    boardId: string;
    resolveActor: (origin: unknown) => Actor | null;
    isRevival: (origin: unknown) => boolean;
    onEvents: (events: ActivityEvent[]) => void;
    deals?: ActivityCacheDeals;
  },
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
  /** Size and rate limits (defaults: config's). */
  limits?: SyncLimits;
  /** Per-user write budgets, shared by every room of this process. */
  userBudgets?: UserBudgets;
  /** Other processes serving the same boards (several processes on one database). */
  peers?: RoomPeers;
}

export class BoardRoom {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<RoomConnection>();
  readonly boardId: string;

  private readonly store: Store;
  private readonly publisher: RoomPublisher;
  private readonly compactEvery: number;
  private readonly clientOwners = new Map<number, RoomConnection>();
  /** Awareness client ids owned by another process's connections → that process's id. */
  private readonly peerOwners = new Map<number, string>();
  private readonly activity: { flush(): void; dispose(): void } | null;
  private readonly limits: SyncLimits;
  private readonly userBudgets: UserBudgets;
  /** Yjs client id → the user who first wrote with it (persisted with the log). */
  private readonly writers = new Map<number, string>();
  /** Client ids the update being applied claims; they go to the store with it. */
  private claiming: number[] = [];
  /** About how large the document's encoded state is (exact at load, plus updates since). */
  private docBytes = 0;
  private sizeMeasuredAt = 0;

  private pending: NewUpdate[] = [];
  private pendingEvents: ActivityEvent[] = [];
  private outbox: Array<{ connection: RoomConnection; message: Uint8Array; onWritten?: () => void }> = [];
  private commitScheduled = false;
  private commitChain: Promise<void> = Promise.resolve();
  /** The snapshot being written, if any (one at a time). */
  private compaction: Promise<void> | null = null;
  private inFlight = 0;
  private lastSeq = 0;
  /** The last seq applied in order, local commits and other processes' alike (the watermark). */
  private appliedSeq = 0;
  /** Catch-ups and other processes' updates, one at a time and in order. */
  private remoteChain: Promise<void> = Promise.resolve();
  /**
   * Ranges that came past a gap, by first seq (update null: committed here, already in the
   * document). Processes publish after their own COMMIT returns, so the range before one is
   * usually a moment behind on the bus: it is awaited GAP_WAIT_MS before the store is read.
   */
  private readonly ahead = new Map<number, { last: number; update: Uint8Array | null }>();
  private gapTimer: NodeJS.Timeout | null = null;
  /** A batch the store could not take (and certainly did not commit) is tried again then. */
  private commitRetry: { timer: NodeJS.Timeout; due: Promise<void>; release: () => void } | null = null;
  /** When the commits began failing (null while they succeed): past COMMIT_RETRY_FOR_MS the room closes. */
  private commitFailingSince: number | null = null;
  /**
   * The connection each uncommitted client update came from: a batch is held for a retry only
   * while all of its senders are still here (see keepForRetry).
   */
  private readonly senderOf = new WeakMap<NewUpdate, RoomConnection>();
  /** Set once the room gave up a batch it could not commit: a write waiting for it was lost. */
  private gaveUp = false;
  private readonly peers: RoomPeers | undefined;
  private sinceSnapshot = 0;
  /** Counts the document's updates: a cached encoding is good while the count is unchanged. */
  private docVersion = 0;
  /** The whole board as a sync step 2 message, at `version` (see fullStateReply). */
  private fullState: { version: number; message: Uint8Array } | null = null;
  /** A big board's committed state as slices plus the commits since them (see fullStateReply). */
  private committed: CommittedState | null = null;
  /** The committed state is being re-sliced in a worker (one at a time). */
  private reslicing = false;
  /** A client that takes slices has joined: the kept state is worth re-slicing (see keepCommitted). */
  private slicesWanted = false;
  /** The state vector of the stored state the room loaded (what an early answer held: EarlyAnswers). */
  private loadedStateVector: Uint8Array = new Uint8Array([0]);
  private destroyed = false;
  private accessChanges = 0;
  /** The state vector of what is on disk (what `board:saved` last announced). */
  committedStateVector: Uint8Array;

  /**
   * `doc`: the stored board, loaded before anything observes it (nothing to derive, encode or
   * relay); `deals`: what the activity cache keeps of its deals, when read already.
   */
  private constructor(options: RoomOptions, doc: Y.Doc, deals?: ActivityCacheDeals) {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.committedStateVector = Y.encodeStateVector(doc);
    this.boardId = options.boardId;
    this.store = options.store;
    this.publisher = options.publisher;
    this.compactEvery = options.compactEvery;
    this.limits = options.limits ?? defaultSyncLimits;
    this.userBudgets = options.userBudgets ?? new UserBudgets(this.limits);
    this.peers = options.peers;
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    const systemName = options.systemName ?? 'Tranche';
    this.activity =
      options.attachActivity?.(this.doc, {
        boardId: this.boardId,
        resolveActor: (origin) => this.resolveActor(origin, systemName),
        isRevival,
        onEvents: (events) => this.queueEvents(events),
        ...(deals ? { deals } : {}),
      }) ?? null;
  }

  /**
   * Loads the board from its latest snapshot plus the updates after it. A board stored
   * before the schema guard may hold updates that break the schema: those are dropped
   * (logged with their seq and author) and the repaired state is snapshotted. `early`
   * hears the stored state, checked, as soon as it is ready (EarlyAnswers).
   */
  static async load(options: RoomOptions, early?: EarlyState): Promise<BoardRoom> {
    const loaded = await options.store.loadDocument(options.boardId);
    const writers = await options.store.listDocClients(options.boardId);
    const prepared = await prepareLoadOffLoop(loaded, early);
    // The stored state goes in slice by slice, the loop free between them (stateSlices.ts), and
    // its deals are parsed for the first reader the same way (warmReadCache.ts).
    const create = async (from?: PreparedLoad): Promise<BoardRoom> => {
      const doc = new Y.Doc();
      if (from) {
        await applySlices(doc, from.frames.map(syncPayload), LOAD_ORIGIN);
        await warmReadCache(doc);
      }
      return new BoardRoom(options, doc, from?.deals);
    };
    const { room, bytes, repaired, exact } = await loadGuarded(create, loaded, prepared, {
      boardId: options.boardId,
      origin: LOAD_ORIGIN,
      fullLog: () => options.store.listUpdates(options.boardId, 0),
    });
    room.lastSeq = loaded.updates.at(-1)?.seq ?? loaded.snapshotSeq;
    room.appliedSeq = room.lastSeq;
    room.sinceSnapshot = loaded.updates.length;
    room.committedStateVector = Y.encodeStateVector(room.doc);
    room.loadedStateVector = room.committedStateVector;
    room.docBytes = bytes;
    if (exact) room.fullState = { version: room.docVersion, message: exact.stateMessage };
    if (exact && bytes >= room.limits.slicedReplyBytes) room.committed = new CommittedState(exact.frames, true);
    for (const { clientId, userId } of writers) room.writers.set(clientId, userId);
    if (repaired && room.lastSeq > 0) {
      await options.store.writeSnapshot(options.boardId, room.lastSeq, Y.encodeStateAsUpdate(room.doc)).catch((error: unknown) => {
        if (!(error instanceof SnapshotThinningError)) throw error;
        warnThinningFailed(error);
      });
      room.sinceSnapshot = 0;
    }
    await room.copyNameToStore();
    await seedWriters(room.doc, prepared.clientsByUser, options.store);
    documentBytes.observe(bytes);
    return room;
  }

  // ---- connections -------------------------------------------------------------------

  /** Starts the sync handshake with a new connection (the server's step 1, others' awareness). */
  addConnection(connection: RoomConnection): void {
    this.connections.add(connection);
    if (connection.takesSlices) this.slicesWanted = true;
    // A socket may have about one full state of the board plus a margin waiting, never more.
    connection.queueLimit = () => this.limits.queueBaseBytes + this.limits.queueBoardFactor * this.docBytes;
    // Asking a read-only client for its state only invites a sync step 2 the room would drop.
    if (canEdit(connection.role)) connection.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(encodeAwarenessMessage(this.awareness, states));
  }

  removeConnection(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    // It may send its held edits again through another process, which commits them with their
    // activity: committing the held batch too would record every action twice. (A batch in
    // flight that then fails sees the departure in keepForRetry.)
    if (this.commitRetry && this.inFlight === 0 && !this.destroyed && this.pending.some((u) => this.senderOf.get(u) === connection)) {
      this.giveUpCommits('a connection left while its edits waited for the database');
    }
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
          this.answerSyncRequest(connection, message.stateVector);
          break;
        case 'sync-update':
          this.checkWriteLimits(connection, message.update);
          if (!canEdit(connection.role)) {
            log.warn('sync', 'dropped an update from a read-only connection', { boardId: this.boardId, userId: connection.user.id });
            break;
          }
          this.applyClientUpdate(connection, message.update, message.structs);
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
      if (error instanceof RefusedMessageError) {
        log.warn('sync', 'refused a message; closing the connection', {
          boardId: this.boardId,
          userId: connection.user.id,
          code: error.closeCode,
          reason: error.message,
        });
        this.removeConnection(connection);
        // A close reason is at most 123 bytes; it may quote a key the client chose.
        connection.close(error.closeCode, error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120));
        return;
      }
      const reason = error instanceof BadMessageError ? error.message : `rejected: ${(error as Error).message}`;
      log.warn('sync', 'closing a connection after a bad message', { boardId: this.boardId, userId: connection.user.id, reason });
      connection.close(CloseCodes.BadMessage, 'bad message');
    }
  }

  /**
   * Answers sync step 1 with what the client lacks. Full-state replies are the costly
   * part (a client that asks again and again, never reading, once grew the server by
   * hundreds of MiB a second), so requests are rate-limited and a request while a reply
   * is still on its way is dropped: that reply plus the live updates after it cover it.
   */
  private answerSyncRequest(connection: RoomConnection, stateVector: Uint8Array): void {
    if (!connection.syncRequests.take() || !this.userBudgets.syncRequests(connection.user.id).take()) {
      throw new RefusedMessageError(CloseCodes.TooManyRequests, 'too many sync requests');
    }
    if (connection.earlyAnswer === 'sent') {
      connection.earlyAnswer = 'none';
      this.answerAfterEarly(connection);
      return;
    }
    // Not sent yet: the room answers, and the early answer stands down.
    connection.earlyAnswer = 'none';
    if (connection.stateReplyOutstanding) return;
    connection.stateReplyOutstanding = true;
    const done = () => (connection.stateReplyOutstanding = false);
    const empty = Y.decodeStateVector(stateVector).size === 0;
    if (empty && this.committed && connection.takesSlices) {
      // Committed only: nothing to wait for.
      const frames = this.committed.replyFrames();
      frames.forEach((frame, index) => connection.send(frame, index === frames.length - 1 ? done : undefined));
      return;
    }
    const reply = (empty ? this.fullStateReply(stateVector) : null) ?? encodeSyncStep2(this.doc, stateVector);
    this.sendDocState(connection, reply, done);
  }

  /**
   * The connection was sent the stored state the room loaded before the room held it
   * (EarlyAnswers): it lacks only what was committed after that read, up to the moment it
   * joined the room (every commit since reaches it as a broadcast).
   */
  private answerAfterEarly(connection: RoomConnection): void {
    const frames = this.committed?.sinceLoadFrames();
    if (frames) {
      for (const frame of frames) connection.send(frame);
      return;
    }
    // The kept state is no longer the load's (re-sliced): the document's difference (it may hold uncommitted updates: after their commit).
    this.sendDocState(connection, encodeSyncStep2(this.doc, this.loadedStateVector));
  }

  /**
   * A client that has nothing (a fresh browser, a script) gets the whole board. Encoding a
   * 10,000-deal board takes the loop for a second or more, so it is done once per version of
   * the document, not once per client; right after a load, the prepared state is reused (a
   * client that takes slices gets a big board's `committed` slices instead).
   */
  private fullStateReply(stateVector: Uint8Array): Uint8Array | null {
    if (Y.decodeStateVector(stateVector).size > 0) return null;
    if (this.fullState?.version !== this.docVersion) this.fullState = { version: this.docVersion, message: encodeSyncStep2(this.doc, stateVector) };
    return this.fullState.message;
  }

  /** Size and rate limits on writes, checked before anything else looks at the update. */
  private checkWriteLimits(connection: RoomConnection, update: Uint8Array): void {
    const size = update.byteLength;
    if (size > this.limits.maxUpdateBytes) throw new RefusedMessageError(CloseCodes.TooLarge, 'update too large');
    if (!connection.writeBudget.take(size) || !this.userBudgets.writes(connection.user.id).take(size)) {
      throw new RefusedMessageError(CloseCodes.TooManyRequests, 'write rate limit exceeded');
    }
  }

  /**
   * Checks an update against the schema, its Yjs client ids against their owners and the
   * board's size limit, then applies it. Refusals close the sender; nothing is applied.
   */
  private applyClientUpdate(connection: RoomConnection, update: Uint8Array, structs: DecodedStruct[]): void {
    const verdict = checkUpdateShape(this.doc, structs);
    if (!verdict.ok) {
      if (!verdict.missing) throw new RefusedMessageError(CloseCodes.BadMessage, `schema: ${verdict.reason}`);
      // It builds on structs the server lacks: drop it and ask this client for everything
      // we miss (its sync step 2 carries this update again, with what it depends on).
      this.requestResync(connection);
      return;
    }
    const claims = this.checkWriters(connection, structs);
    if (structs.some((s) => s instanceof Y.Item) && this.wouldExceedSize(update.byteLength)) {
      throw new RefusedMessageError(CloseCodes.TooLarge, 'board is full');
    }
    if (exceedsDealLimit(this.doc, structs)) throw new RefusedMessageError(CloseCodes.TooLarge, 'board is full');
    for (const client of claims) this.writers.set(client, connection.user.id);
    this.claiming = claims;
    const nameBefore = boardMap(this.doc).get('name');
    try {
      // The stamps land in the same tick, so they join the same group commit and broadcast.
      const conflicts = checkConflicts(this.doc, update, { id: connection.user.id, name: connection.user.name }, this.boardId);
      applyStampedUpdate(this.doc, update, connectionOrigin(connection), connection.user.id, canManage(connection.role));
      this.queueEvents(conflicts());
    } finally {
      this.claiming = [];
    }
    this.docBytes += update.byteLength;
    if (boardMap(this.doc).get('name') !== nameBefore) this.renameInStore();
    // Parts waiting on updates we lack (out-of-order delivery, or a Yjs pending-struct
    // stall): ask this client for everything we miss; its sync step 2 fills the gap.
    // At most once every RESYNC_INTERVAL_MS per connection, so a stall can't ping-pong.
    const stalled = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (stalled) this.requestResync(connection);
  }

  private requestResync(connection: RoomConnection): void {
    if (Date.now() - connection.lastResyncAt <= RESYNC_INTERVAL_MS) return;
    connection.lastResyncAt = Date.now();
    connection.send(encodeSyncStep1(this.doc));
  }

  /**
   * Each Yjs client id belongs to the user who first wrote with it. New structs (ones the
   * document lacks) under an id another user owns are refused; relayed structs the server
   * already has are harmless. Returns the ids this update claims for its sender.
   */
  private checkWriters(connection: RoomConnection, structs: DecodedStruct[]): number[] {
    const claims: number[] = [];
    for (const client of newStructClients(this.doc, structs)) {
      const owner = client === this.doc.clientID ? null : this.writers.get(client);
      if (owner === undefined) claims.push(client);
      else if (owner !== connection.user.id) throw new RefusedMessageError(CloseCodes.BadMessage, `client id ${client} belongs to another user`);
    }
    return claims;
  }

  /**
   * Would `size` more bytes take the board past its limit? The running estimate only
   * grows (overwritten values are collected), so near the limit it is measured exactly,
   * at most once per SIZE_MEASURE_INTERVAL_MS: a full encode is costly on a big board.
   */
  private wouldExceedSize(size: number): boolean {
    if (this.docBytes + size <= this.limits.maxDocBytes) return false;
    if (Date.now() - this.sizeMeasuredAt < SIZE_MEASURE_INTERVAL_MS) return true;
    this.sizeMeasuredAt = Date.now();
    this.docBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    return this.docBytes + size > this.limits.maxDocBytes;
  }

  /**
   * The board's name has one source of truth, the document; the store keeps a copy for
   * listings. After an owner's rename is committed, the copy follows.
   */
  private renameInStore(): void {
    void this.flush().then(() => this.copyNameToStore());
  }

  /** Copies the document's (valid) name to the store when they differ (also at load: boards renamed before). */
  private async copyNameToStore(): Promise<void> {
    const name = readBoardInfo(this.doc).name;
    if (this.destroyed || !name) return;
    try {
      const record = await this.store.getBoard(this.boardId);
      if (record && record.name !== name) await this.store.renameBoard(this.boardId, name);
    } catch (error) {
      log.warn('sync', 'could not copy the board name to the store', { boardId: this.boardId, error: (error as Error).message });
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
      // Clients send back the removals they hear too: a removal claims nothing (else the
      // id's owner, reconnecting with it, would find it taken by whoever echoed it).
      if (owner === undefined && (entry.state === null || !this.mayClaimPeerId(connection, entry))) continue;
      if (owner === undefined) {
        if (connection.clientIds.size >= MAX_AWARENESS_IDS) {
          overLimit++;
          continue;
        }
        this.clientOwners.set(entry.clientId, connection);
        connection.clientIds.add(entry.clientId);
      }
      if (entry.state) entry.state.user = { ...connection.user };
      // The room numbers each id's states itself. y-protocols ignores a state whose clock is
      // not above the last one seen (0 for an id never seen), so a client's first state (clock
      // 0) and its first after a reconnect (the clock its removal left) would otherwise be
      // dropped here and by every peer until its 15 s renewal. One connection owns each id
      // and its frames arrive in order, so the room's own count keeps their order.
      entry.clock = (this.awareness.meta.get(entry.clientId)?.clock ?? 0) + 1;
      entries.push(entry);
    }
    if (overLimit > 0) {
      log.warn('sync', 'dropped awareness beyond the per-connection limit', { boardId: this.boardId, userId: connection.user.id, dropped: overLimit });
    }
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), connection);
  }

  private readonly onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    if (origin === 'timeout') for (const id of change.removed) this.peerOwners.delete(id);
    const message = encodeAwarenessMessage(this.awareness, changed);
    // Not echoed to its sender: with the room's clock it would overwrite the sender's own state.
    for (const connection of this.connections) if (connection !== origin) connection.send(message);
    // Only what this process's own connections said goes to the peers (each peer times out
    // the states of connections it does not own by itself).
    if (this.peers && origin !== REMOTE_ORIGIN && origin !== 'timeout') {
      this.peers.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
  };

  /**
   * Awareness another process's connections published (already stamped by that process).
   * Renumbered here like this room's own connections' states: each process numbers the
   * states it relays by itself, so a client that moves to a process which never saw it
   * would start below the clock its old process left, and be dropped. One owner's
   * messages arrive in order; only the process that owns an id may remove it (a removal
   * from the process a client left, arriving after its first state from the next, is stale).
   */
  applyRemoteAwareness(update: Uint8Array, from: string): void {
    if (this.destroyed) return;
    const entries: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessUpdate(update)) {
      // A connection here owns it now: what another process says of it is stale.
      if (entry.clientId === this.doc.clientID || this.clientOwners.has(entry.clientId)) continue;
      if (entry.state === null) {
        if (this.peerOwners.get(entry.clientId) !== from) continue;
        this.peerOwners.delete(entry.clientId);
      } else {
        this.peerOwners.set(entry.clientId, from);
      }
      entry.clock = (this.awareness.meta.get(entry.clientId)?.clock ?? 0) + 1;
      entries.push(entry);
    }
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), REMOTE_ORIGIN);
  }

  /** Drops the awareness states process `processId` published: it died, and its connections with it. */
  forgetPeer(processId: string): void {
    if (this.destroyed) return;
    const ids = [...this.peerOwners].flatMap(([clientId, owner]) => (owner === processId ? [clientId] : []));
    for (const id of ids) this.peerOwners.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, REMOTE_ORIGIN);
  }

  /**
   * Whether a connection may take an id whose state another process published. A
   * y-websocket client sends back every awareness state it receives: such an echo (someone
   * else's state, or this user's other tab's state exactly as the room sent it) must not
   * make the id this connection's, or the two processes would restamp it back and forth.
   * The same user publishing anew (the client moved here before its old process said
   * goodbye) takes it over.
   */
  private mayClaimPeerId(connection: RoomConnection, entry: AwarenessEntry): boolean {
    if (!this.peerOwners.has(entry.clientId)) return true;
    const held = this.awareness.getStates().get(entry.clientId) as { user?: { id?: unknown } } | undefined;
    if (!held) return true;
    if (held.user?.id !== connection.user.id) return false;
    const heldClock = this.awareness.meta.get(entry.clientId)?.clock ?? 0;
    const echo = entry.clock <= heldClock && JSON.stringify(entry.state?.user) === JSON.stringify(held.user);
    if (!echo) this.peerOwners.delete(entry.clientId);
    return !echo;
  }

  /** The awareness of this process's own connections (a peer that loaded the board asks), or null. */
  localAwareness(): Uint8Array | null {
    const owned = [...this.clientOwners.keys()].filter((id) => this.awareness.getStates().has(id));
    return owned.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, owned) : null;
  }

  // ---- roles -------------------------------------------------------------------------

  /**
   * Counts the role changes applied here. A role read from the store before a change was
   * applied may predate it: applied after it, a stale read would undo a demotion that a
   * broadcast had just applied (see applyRoleRead).
   */
  get accessVersion(): number {
    return this.accessChanges;
  }

  /** Applies a role the store answered, unless a change was applied since the read began (at `version`). */
  applyRoleRead(userId: string, role: RoomConnection['role'] | null, version: number): void {
    if (version === this.accessChanges) this.setUserRole(userId, role);
  }

  /** Applies a role change at once to the user's open connections (null: removed). */
  setUserRole(userId: string, role: RoomConnection['role'] | null): void {
    this.accessChanges++;
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
  closeCredential(credential: string, code: number = CloseCodes.SignedOut, reason = 'signed out'): void {
    for (const connection of [...this.connections]) {
      if (connection.credential !== credential) continue;
      this.removeConnection(connection);
      connection.close(code, reason);
    }
  }

  /** Closes one user's connections (their access could not be checked). */
  closeUser(userId: string, code: number, reason: string): void {
    for (const connection of [...this.connections]) {
      if (connection.user.id !== userId) continue;
      this.removeConnection(connection);
      connection.close(code, reason);
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
    if (!isTransactionOrigin(origin)) return null;
    switch (origin.source) {
      case 'load':
      case 'remote':
        return null;
      case 'connection':
        return { id: origin.connection.user.id, name: origin.connection.user.name };
      case 'user':
      case 'system':
        // A write that tells its own activity (a CSV import: one entry, not one per deal).
        if (origin.quiet === true) return null;
        // The server's own writes; one made for a user carries that user's display name.
        return { id: origin.userId ?? SYSTEM_USER_ID, name: origin.userId && origin.actorName !== undefined ? origin.actorName : systemName };
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.docVersion++;
    let userId: string | null = null;
    let claims: number[] = [];
    if (isTransactionOrigin(origin)) {
      switch (origin.source) {
        case 'load':
          return;
        case 'remote': {
          // Already committed by another process: relay what was new here, store nothing.
          this.docBytes += update.byteLength;
          const message = encodeSyncUpdate(update);
          this.keepCommitted(message);
          for (const connection of this.connections) connection.send(message);
          return;
        }
        case 'connection':
          userId = origin.connection.user.id;
          claims = this.claiming;
          break;
        case 'user':
        case 'system':
          userId = origin.userId;
          break;
      }
    }
    this.claiming = [];
    const entry: NewUpdate = { update, userId, at: new Date().toISOString(), ...(claims.length > 0 ? { clientIds: claims } : {}) };
    if (isTransactionOrigin(origin) && origin.source === 'connection') this.senderOf.set(entry, origin.connection);
    this.pending.push(entry);
    this.scheduleCommit();
  };

  private queueEvents(events: ActivityEvent[]): void {
    if (events.length === 0) return;
    this.pendingEvents.push(...events);
    this.scheduleCommit();
  }

  /** Sends document state now if everything is committed, else after the covering commit. */
  private sendDocState(connection: RoomConnection, message: Uint8Array, onWritten?: () => void): void {
    if (this.pending.length === 0 && this.inFlight === 0 && !this.commitScheduled) {
      connection.send(message, onWritten);
      return;
    }
    this.outbox.push({ connection, message, onWritten });
    this.scheduleCommit();
  }

  private scheduleCommit(): void {
    if (this.commitScheduled || this.commitRetry || this.destroyed) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      this.commitChain = this.commitChain.then(() => this.commitBatch());
    });
  }

  /** Resolves once everything applied so far is on disk and announced (or the room closed: its commits kept failing). */
  async flush(): Promise<void> {
    do {
      await this.commitRetry?.due;
      if (this.pending.length > 0 || this.pendingEvents.length > 0 || this.outbox.length > 0) {
        this.commitChain = this.commitChain.then(() => this.commitBatch());
      }
      await this.commitChain;
    } while (this.commitRetry && !this.destroyed);
    await this.compaction;
  }

  private async commitBatch(): Promise<void> {
    // A batch chained before the last one failed waits for that one's retry (it goes first).
    if (this.commitRetry) return;
    const updates = this.pending;
    const events = this.pendingEvents;
    const outbox = this.outbox;
    if (updates.length === 0 && events.length === 0 && outbox.length === 0) return;
    this.pending = [];
    this.pendingEvents = [];
    this.outbox = [];
    // The document now holds exactly what is committed plus this batch.
    const stateVector = Y.encodeStateVector(this.doc);
    const compactDue = updates.length > 0 && this.sinceSnapshot + updates.length >= this.compactEvery;
    this.inFlight++;
    const stopCommitTimer = commitSeconds.startTimer();
    // This batch's seqs (lastSeq may move on past them: held ranges of others apply next).
    let committed = { first: 0, last: 0 };
    try {
      if (updates.length > 0) {
        const last = await this.store.appendUpdates(this.boardId, updates, events);
        committed = { first: last - updates.length + 1, last };
        this.lastSeq = Math.max(this.lastSeq, last);
        this.sinceSnapshot += updates.length;
        this.advanceWatermark(committed.first, committed.last);
      } else if (events.length > 0) {
        await this.store.addActivity(events);
      }
    } catch (error) {
      this.inFlight--;
      if (this.keepForRetry(error, updates, events, outbox)) return;
      this.giveUpCommits((error as Error).message);
      return;
    }
    this.inFlight--;
    this.commitFailingSince = null;
    stopCommitTimer();
    if (updates.length > 0) {
      const stopFanoutTimer = fanoutSeconds.startTimer();
      const merged = updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((u) => u.update));
      // The other processes first: their clients wait for the Redis hop, this one's do not.
      if (this.peers) {
        const clients = updates.flatMap((u) => (u.userId === null ? [] : (u.clientIds ?? []).map((id): [number, string] => [id, u.userId!])));
        this.peers.committed({ ...committed, update: merged, clients });
      }
      const message = encodeSyncUpdate(merged);
      for (const connection of this.connections) connection.send(message);
      this.keepCommitted(message);
      stopFanoutTimer();
    }
    for (const { connection, message, onWritten } of outbox) connection.send(message, onWritten);
    if (updates.length > 0) {
      this.committedStateVector = stateVector;
      this.publisher.saved(this.boardId, stateVector);
    }
    if (events.length > 0) this.publisher.activity(this.boardId, events);
    // Off the commit path: later batches need not wait for the store to build a snapshot.
    if (compactDue) this.compaction ??= this.compact().finally(() => (this.compaction = null));
  }

  /**
   * The database was unreachable and the batch certainly not committed (StoreError.notCommitted):
   * it goes back in front of what came since and is tried again shortly, the connections kept
   * open. Closing the room instead made every client reconnect to a board reloaded from disk
   * (every process at once after a PostgreSQL restart), and a cold load of a big board takes
   * seconds, during which no edit is acknowledged. Past COMMIT_RETRY_FOR_MS of failures, when
   * the COMMIT itself was lost (committed or not is unknown), or once a connection whose edits
   * the batch holds has left (it may send them again through another process, and both would
   * record their activity), the room closes as before. The server's own writes and activity
   * alone (coalesced typing) are held whoever leaves.
   */
  private keepForRetry(error: unknown, updates: NewUpdate[], events: ActivityEvent[], outbox: BoardRoom['outbox']): boolean {
    if (!isStoreError(error, 'unavailable') || !error.notCommitted || this.destroyed) return false;
    // A sender left since its edits came in: it may send them again elsewhere (see removeConnection).
    if (updates.some((u) => this.senderOf.has(u) && !this.connections.has(this.senderOf.get(u)!))) return false;
    if (this.commitFailingSince === null) {
      this.commitFailingSince = Date.now();
      log.warn('sync', 'commit failed, nothing committed; trying again', { boardId: this.boardId, error: error.message });
    } else if (Date.now() - this.commitFailingSince > COMMIT_RETRY_FOR_MS) return false;
    this.pending = updates.concat(this.pending);
    this.pendingEvents = events.concat(this.pendingEvents);
    this.outbox = outbox.concat(this.outbox);
    if (!this.commitRetry) {
      let release = (): void => undefined;
      const due = new Promise<void>((resolve) => (release = resolve));
      const timer = setTimeout(() => {
        this.commitRetry = null;
        release();
        this.scheduleCommit();
      }, COMMIT_RETRY_MS);
      this.commitRetry = { timer, due, release };
    }
    return true;
  }

  /**
   * Nothing of the failed batch reached anyone. Drop the room: clients still hold their edits
   * and send them again on reconnect, against a room reloaded from disk.
   */
  private giveUpCommits(reason: string): void {
    log.error('sync', 'commit failed; closing the room', { boardId: this.boardId, error: reason });
    this.gaveUp = true;
    // What waits behind it is not committed either (a flush must not commit it after this).
    this.dropCommitRetry();
    this.pending = [];
    this.pendingEvents = [];
    this.outbox = [];
    this.closeAll(CloseCodes.ServerShutdown, 'storage failure');
    this.destroy();
  }

  /**
   * Adds a committed update (its sync message) to the kept full-state reply. Past its bound,
   * the whole is re-sliced off the loop if a client that takes slices has been here; else the
   * kept state is dropped (its early-answered clients are long served) and replies come from
   * the document, one message per version.
   */
  private keepCommitted(message: Uint8Array): void {
    if (!this.committed?.append(message) || this.reslicing) return;
    if (!this.slicesWanted) {
      this.committed = null;
      return;
    }
    this.reslicing = true;
    const from = this.committed;
    const upTo = from.tailLength;
    runWorker<Uint8Array[]>('sliceWorker', from.parts(upTo).map(syncPayload))
      .then((frames) => {
        if (this.committed !== from || this.destroyed) return;
        const next = new CommittedState(frames, false);
        for (const later of from.tailFrom(upTo)) next.append(later);
        this.committed = next;
      })
      .catch((error: Error) => {
        // Replies come from the document again (one message per version).
        log.warn('sync', 'could not re-slice the committed state', { boardId: this.boardId, error: error.message });
        if (this.committed === from) this.committed = null;
      })
      .finally(() => (this.reslicing = false));
  }

  // ---- other processes' commits (several processes on one database) ---------------------

  /** The watermark: every seq up to it is applied here. */
  get appliedThrough(): number {
    return this.appliedSeq;
  }

  /** This room committed `first`..`last`; a gap before it (others' commits) is awaited on the bus, then read from the store. */
  private advanceWatermark(first: number, last: number): void {
    if (first === this.appliedSeq + 1) {
      this.appliedSeq = last;
      this.applyAhead();
    } else if (first > this.appliedSeq + 1) this.holdAhead(first, last, null);
  }

  /** Keeps a range that came past a gap until the gap closes; reads the store if it stays open GAP_WAIT_MS. */
  private holdAhead(first: number, last: number, update: Uint8Array | null): void {
    this.ahead.set(first, { last, update });
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      if (this.ahead.size > 0) void this.enqueueRemote(() => this.fillFromStore()).catch(() => undefined);
    }, GAP_WAIT_MS);
  }

  /** Applies the held ranges that now follow the watermark, and forgets those it passed. */
  private applyAhead(): void {
    for (const [first, range] of this.ahead) if (range.last <= this.appliedSeq) this.ahead.delete(first);
    for (let next = this.ahead.get(this.appliedSeq + 1); next; next = this.ahead.get(this.appliedSeq + 1)) {
      this.ahead.delete(this.appliedSeq + 1);
      if (next.update) {
        this.applyCommitted(next.update, next.last);
        clusterRanges.inc({ how: 'held' });
      } else this.appliedSeq = next.last;
    }
    if (this.ahead.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  /**
   * Another process committed seqs `first`..`last`. The next range is applied (with the
   * remote origin); a range already applied is dropped; after a gap, or without the update
   * (large ones travel as a range only), everything past the watermark is read from the store.
   */
  receiveCommitted(first: number, last: number, update: Uint8Array | null, clients: Array<[number, string]>): Promise<void> {
    return this.enqueueRemote(async () => {
      if (last <= this.appliedSeq) return;
      for (const [clientId, userId] of clients) if (!this.writers.has(clientId)) this.writers.set(clientId, userId);
      if (update && first === this.appliedSeq + 1) {
        this.applyCommitted(update, last);
        clusterRanges.inc({ how: 'next' });
        this.applyAhead();
        return;
      }
      if (update && first > this.appliedSeq + 1) return this.holdAhead(first, last, update);
      await this.fillFromStore();
    });
  }

  /**
   * Catches up to the committed head: `head` when the caller read it already (the hub's
   * poll reads every room's at once), else read now. Resolves once applied.
   */
  catchUp(head?: number): Promise<void> {
    return this.enqueueRemote(async () => {
      const target = head ?? (await this.store.readHeads([this.boardId])).get(this.boardId)?.lastSeq ?? 0;
      if (target > this.appliedSeq) await this.fillFromStore();
    });
  }

  private enqueueRemote(task: () => Promise<void>): Promise<void> {
    const run = this.remoteChain.then(() => (this.destroyed ? undefined : task()));
    this.remoteChain = run.catch((error: Error) =>
      log.warn('sync', 'catching up from the store failed; the head poll retries', { boardId: this.boardId, error: error.message }),
    );
    return run;
  }

  /** Applies the log past the watermark, in order, with the client bindings it made. */
  private async fillFromStore(): Promise<void> {
    const updates = await this.store.listUpdates(this.boardId, this.appliedSeq);
    if (updates.length === 0 || this.destroyed) return;
    const writers = await this.store.listDocClients(this.boardId);
    if (this.destroyed) return;
    for (const { clientId, userId } of writers) if (!this.writers.has(clientId)) this.writers.set(clientId, userId);
    let applied = false;
    for (const { seq, update } of updates) {
      if (seq <= this.appliedSeq) continue; // committed here meanwhile
      if (seq !== this.appliedSeq + 1) break; // not visible yet: the next poll reads it
      this.applyCommitted(update, seq);
      applied = true;
      clusterRanges.inc({ how: 'store' });
    }
    this.applyAhead();
    if (applied) this.announceStored();
  }

  /** What was just read from the store is on disk: this process's sockets hear so (RoomPublisher.savedHere). */
  private announceStored(): void {
    const savedHere = this.publisher.savedHere;
    if (!savedHere) return;
    this.store.readHeads([this.boardId]).then(
      (heads) => {
        const head = heads.get(this.boardId);
        if (head && !this.destroyed) savedHere.call(this.publisher, this.boardId, head.stateVector);
      },
      (error: Error) => log.warn('sync', 'could not read the head to announce what was read from the store', { boardId: this.boardId, error: error.message }),
    );
  }

  private applyCommitted(update: Uint8Array, last: number): void {
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    this.appliedSeq = last;
    if (last > this.lastSeq) this.lastSeq = last;
  }

  /** The store builds the snapshot from its log (never from this room's memory). */
  private async compact(): Promise<void> {
    const folded = this.sinceSnapshot; // batches committed while this runs count toward the next
    try {
      const stopTimer = snapshotSeconds.startTimer();
      // Written only once the log since the last one outweighs its share of it (store/snapshotDue.ts).
      await this.store.compact(this.boardId, this.lastSeq, { whenDue: true });
      stopTimer();
      this.sinceSnapshot -= folded;
    } catch (error) {
      if (error instanceof SnapshotThinningError) {
        this.sinceSnapshot -= folded;
        warnThinningFailed(error);
      } else log.warn('sync', 'snapshot failed; the update log still holds everything', { boardId: this.boardId, error: (error as Error).message });
    }
  }

  /** Flushes buffered activity (coalesced typing), every pending commit and a running snapshot. */
  async close(): Promise<void> {
    this.activity?.flush();
    await this.flush();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.dropCommitRetry();
    this.activity?.dispose();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Cancels a held batch's retry; a flush waiting for it goes on. */
  private dropCommitRetry(): void {
    if (!this.commitRetry) return;
    clearTimeout(this.commitRetry.timer);
    this.commitRetry.release();
    this.commitRetry = null;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** True once the room dropped a batch it could not commit (its connections were closed with 4503). */
  get commitsGivenUp(): boolean {
    return this.gaveUp;
  }
}

/** A snapshot was written but dropping older ones failed: nothing is lost, a later snapshot drops them. */
function warnThinningFailed(error: SnapshotThinningError): void {
  log.warn('sync', 'snapshot written; dropping older snapshots failed, they are kept until a later snapshot drops them', {
    boardId: error.boardId,
    uptoSeq: error.uptoSeq,
    error: (error.cause as Error)?.message ?? String(error.cause),
  });
}
