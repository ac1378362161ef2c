/**
 * The registry of open boards. Rooms load on first use (a connection, or a REST read or
 * write) and unload after they sit idle with no connections; memory follows open boards.
 * A room that is unloading finishes its commits before the board can load again.
 */
import type * as Y from 'yjs';
import type { Store } from '../store/Store';
import { StoreError } from '../store/errors';
import type { Role } from '../../../shared/src/roles';
import type { MutationOrigin } from '../../../shared/src/board/origin';
import { writeOriginFor, type WriteOrigin } from './origin';
import { CloseCodes } from '../../../shared/src/closeCodes';
import { log } from '../log';
import type { SyncLimits } from '../config';
import { BoardRoom, type ActivityAttacher, type RoomPublisher } from './BoardRoom';
import { UserBudgets, WriteRateLimitedError } from './TokenBucket';
import type { RoomConnection } from './RoomConnection';
import type { ClusterBus } from '../cluster/ClusterBus';
import { ClusterLink } from '../cluster/ClusterLink';
import { defaultSyncLimits } from '../config';
import { EarlyAnswers } from './EarlyAnswers';
import type { EarlyState } from '../workers/prepareLoad';
import { readAccess } from './readAccess';

export interface HubOptions {
  store: Store;
  publisher: RoomPublisher;
  roomIdleMs: number;
  compactEvery: number;
  attachActivity?: ActivityAttacher;
  limits?: SyncLimits;
  /** Several processes on one database: the bus to the others (see server/src/cluster). */
  cluster?: ClusterBus;
  /** How often the committed heads of loaded boards are polled (cluster only; default 1 s). */
  headPollMs?: number;
  /** How often open connections' sessions and memberships are read again (cluster only; default 3 s). */
  accessRecheckMs?: number;
}

interface OpenRoom {
  room: Promise<BoardRoom>;
  /** The room once loaded (null while loading). */
  loaded: BoardRoom | null;
  /** While loading: answers connections' sync requests from the stored state (null once loaded). */
  early: EarlyAnswers | null;
  /** REST operations in progress: the room stays loaded while any runs. */
  users: number;
  idleTimer: NodeJS.Timeout | null;
}

/** A connection between its upgrade and its room taking it (see BoardHub.connect). */
interface Joining {
  boardId: string;
  /** Role changes applied to it while it waited: each is newer than the read at its join. */
  roleChanges: number;
  /** Closed while it waited (signed out, removed, board deleted): its room never takes it. */
  shut: boolean;
}

export class BoardHub {
  private readonly rooms = new Map<string, OpenRoom>();
  private readonly unloading = new Map<string, Promise<void>>();
  private closed = false;
  /** Per-user write budgets span every board the user writes to. */
  private readonly userBudgets: UserBudgets | undefined;

  /**
   * Connections waiting for their room to load (frames in the upgrade's queue). Access
   * changes applied here reach them as they reach the rooms' connections.
   */
  private readonly joining = new Map<RoomConnection, Joining>();

  /** The other processes, when there are any (REDIS_URL set). */
  private readonly link: ClusterLink | null;

  constructor(private readonly options: HubOptions) {
    this.userBudgets = options.limits ? new UserBudgets(options.limits) : undefined;
    this.link = options.cluster ? new ClusterLink(options.cluster, options.store, this.clusterView(), options.headPollMs, options.accessRecheckMs) : null;
  }

  /** What the cluster link sees of this hub: loaded rooms, and local-only access changes. */
  private clusterView(): ConstructorParameters<typeof ClusterLink>[2] {
    return {
      loadedRooms: () => [...this.rooms.values()].flatMap((entry) => (entry.loaded && !entry.loaded.isDestroyed ? [entry.loaded] : [])),
      room: (boardId) => this.rooms.get(boardId)?.loaded ?? null,
      setUserRole: (boardId, userId, role) => this.applyUserRole(boardId, userId, role),
      closeCredential: (credential) => this.closeCredentialHere(credential),
      boardDeleted: (boardId) => this.forgetDeletedBoard(boardId),
    };
  }

  private loadRoom(boardId: string, early: EarlyState): Promise<BoardRoom> {
    const { store, publisher, compactEvery, attachActivity, limits } = this.options;
    const options = { boardId, store, publisher, compactEvery, attachActivity, limits, userBudgets: this.userBudgets };
    return this.link ? this.link.load(boardId, (peers) => BoardRoom.load({ ...options, peers }, early)) : BoardRoom.load(options, early);
  }

  /** The number of boards held in memory, including those still flushing to unload (for tests, benchmarks, metrics). */
  get openRoomCount(): number {
    return this.rooms.size + this.unloading.size;
  }

  /** Open Yjs connections over every loaded board (for metrics). */
  get connectionCount(): number {
    let count = 0;
    for (const entry of this.rooms.values()) count += entry.loaded?.connections.size ?? 0;
    return count;
  }

  private async acquire(boardId: string): Promise<{ entry: OpenRoom; room: BoardRoom }> {
    if (this.closed) throw new Error('the server is shutting down');
    const pendingUnload = this.unloading.get(boardId);
    if (pendingUnload) await pendingUnload;
    let entry = this.rooms.get(boardId);
    if (entry?.loaded?.isDestroyed) {
      // A failed commit closed the room (its clients reconnect): load the board afresh from disk.
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      this.rooms.delete(boardId);
      entry = undefined;
    }
    if (!entry) {
      const early = new EarlyAnswers(boardId, this.options.store, this.options.limits ?? defaultSyncLimits);
      const load = this.loadRoom(boardId, { frames: (frames) => early.offerFrames(frames), state: (message) => early.offerState(message) });
      const created: OpenRoom = { room: load, loaded: null, early, users: 0, idleTimer: null };
      this.rooms.set(boardId, created);
      const loadDone = () => {
        early.close();
        created.early = null;
      };
      created.room.then(
        (room) => {
          created.loaded = room;
          loadDone();
        },
        () => {
          loadDone();
          if (this.rooms.get(boardId) === created) this.rooms.delete(boardId);
        },
      );
      entry = created;
    }
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
    }
    entry.users++;
    let room: BoardRoom;
    try {
      room = await entry.room;
    } catch (error) {
      entry.users--;
      throw error;
    }
    if (room.isDestroyed) {
      // Closed while we waited (board deleted, or a failed commit): never hand out a dead room.
      entry.users--;
      throw new Error('the board was closed while opening; try again');
    }
    return { entry, room };
  }

  private release(boardId: string, entry: OpenRoom, room: BoardRoom): void {
    entry.users--;
    if (entry.users > 0 || room.connections.size > 0 || this.rooms.get(boardId) !== entry) return;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => void this.unload(boardId, entry, room), this.options.roomIdleMs);
    entry.idleTimer.unref();
  }

  private async unload(boardId: string, entry: OpenRoom, room: BoardRoom): Promise<void> {
    if (this.rooms.get(boardId) !== entry || entry.users > 0 || room.connections.size > 0) return;
    this.rooms.delete(boardId);
    const done = room
      .close()
      .catch((error: Error) => log.error('sync', 'flush on unload failed', { boardId, error: error.message }))
      .finally(async () => {
        room.destroy();
        await this.link?.unloaded(boardId);
        this.unloading.delete(boardId);
      });
    this.unloading.set(boardId, done);
    await done;
  }

  /**
   * A connection's sync step 1 came while its board's room is loading: it may be answered
   * from the stored state before the room is ready (EarlyAnswers). The frame itself still
   * waits for the room.
   */
  answerEarly(boardId: string, connection: RoomConnection, stateVector: Uint8Array): void {
    const entry = this.rooms.get(boardId);
    if (entry && !entry.loaded) entry.early?.request(connection, stateVector);
  }

  /**
   * Joins a connection to its board's room; `detach` is called when the socket closes. A
   * connection closed while it waited (signed out, removed) is never taken: its frames go nowhere.
   *
   * The upgrade read the session and role before the connection was listed here, and an access
   * change applied in between found nothing to update: both are read again, after listing (a
   * change from then on reaches the listed connection). The room takes the connection in the
   * same turn that checks the read, with no await between: nothing can change it unseen.
   */
  async connect(boardId: string, connection: RoomConnection): Promise<{ room: BoardRoom; detach: () => void }> {
    const joining: Joining = { boardId, roleChanges: 0, shut: false };
    this.joining.set(connection, joining);
    try {
      const access = readAccess(this.options.store, boardId, connection);
      access.catch(() => undefined); // awaited below; the load may fail first
      const { entry, room } = await this.acquire(boardId);
      let adopted = false;
      try {
        if (this.link) {
          // Another process may have committed past this room: catch up before the connection's
          // first frame (they wait in the upgrade's queue), or a client that saw that update
          // elsewhere would relay it here as its own.
          await room.catchUp();
        }
        const { role, valid } = await access;
        // A sign-out is for good; a role change applied while it waited is newer than this read.
        if (!valid) this.shut(connection, joining, CloseCodes.SignedOut, 'signed out');
        else if (joining.roleChanges === 0) {
          if (role === null) this.shut(connection, joining, CloseCodes.AccessRemoved, 'access removed');
          else connection.role = role;
        }
        if (room.isDestroyed) throw new Error('the board was closed while opening; try again');
        if (joining.shut) return { room, detach: () => undefined };
        room.addConnection(connection);
        adopted = true;
      } finally {
        if (!adopted) this.release(boardId, entry, room);
      }
      let detached = false;
      const detach = (): void => {
        if (detached) return;
        detached = true;
        room.removeConnection(connection);
        this.release(boardId, entry, room);
      };
      return { room, detach };
    } finally {
      this.joining.delete(connection);
    }
  }

  private shut(connection: RoomConnection, joining: Joining, code: number, reason: string): void {
    joining.shut = true;
    connection.close(code, reason);
  }

  /** Reads the live document (loading the board if needed). */
  async read<T>(boardId: string, reader: (doc: Y.Doc) => T): Promise<T> {
    const { entry, room } = await this.acquire(boardId);
    try {
      return reader(room.doc);
    } finally {
      this.release(boardId, entry, room);
    }
  }

  /**
   * Changes the document on the server's side (templates, demo data, import) through the
   * same path as client updates, and resolves once the change is committed and broadcast.
   * `write` runs shared mutations, which transact with their own typed origin.
   */
  async write<T>(boardId: string, write: (doc: Y.Doc, origin: MutationOrigin) => T, origin: WriteOrigin): Promise<T> {
    const { entry, room } = await this.acquire(boardId);
    try {
      const result = write(room.doc, origin);
      await room.flush();
      // The batch holding this write was dropped (the database stayed unreachable): not saved.
      if (room.commitsGivenUp) throw new StoreError('unavailable', 'the board could not be saved; try again');
      return result;
    } finally {
      this.release(boardId, entry, room);
    }
  }

  /**
   * Runs shared mutations on the board as `actor` (a REST call): the origin carries the
   * user, so identity stamps and activity are theirs, as for the same edit in the UI.
   * Resolves once the change is committed and broadcast.
   * @example await hub.applyAs(boardId, user, (doc, origin) => createDeal(doc, input, origin));
   */
  async applyAs<T>(boardId: string, actor: { id: string; name: string }, apply: (doc: Y.Doc, origin: MutationOrigin) => T): Promise<T> {
    this.spendUserWrite(actor.id);
    return this.write(boardId, apply, writeOriginFor(actor));
  }

  /**
   * A write through REST spends from the same per-user budget as the user's live connections, so
   * a script cannot write faster over HTTP than the sync layer allows (throws WriteRateLimitedError).
   */
  spendUserWrite(userId: string): void {
    if (this.userBudgets && !this.userBudgets.writes(userId).take(0)) throw new WriteRateLimitedError();
  }

  /** A role change or removal takes effect at once on the user's open connections (on every process). */
  async setUserRole(boardId: string, userId: string, role: Role | null): Promise<void> {
    await Promise.all([this.link?.broadcast({ type: 'role', boardId, userId, role }), this.applyUserRole(boardId, userId, role)]);
  }

  private async applyUserRole(boardId: string, userId: string, role: Role | null): Promise<void> {
    for (const [connection, joining] of this.joining) {
      if (joining.boardId !== boardId || connection.user.id !== userId) continue;
      if (role === null) this.shut(connection, joining, CloseCodes.AccessRemoved, 'access removed');
      else {
        connection.role = role;
        joining.roleChanges++;
      }
    }
    const entry = this.rooms.get(boardId);
    if (!entry) return;
    const room = await entry.room;
    room.setUserRole(userId, role);
  }

  /**
   * Closes every connection opened with `credential` (its session was signed out), on every
   * process. Resolves once Redis has passed the word on (or could not: the rechecks cover it).
   */
  async closeCredential(credential: string): Promise<void> {
    this.closeCredentialHere(credential);
    await this.link?.broadcast({ type: 'signed-out', credential });
  }

  private closeCredentialHere(credential: string): void {
    for (const [connection, joining] of this.joining)
      if (connection.credential === credential) this.shut(connection, joining, CloseCodes.SignedOut, 'signed out');
    for (const entry of this.rooms.values()) entry.loaded?.closeCredential(credential);
  }

  /** Closes every connection of a deleted board and forgets it without flushing (on every process). */
  async boardDeleted(boardId: string): Promise<void> {
    await Promise.all([this.link?.broadcast({ type: 'board-deleted', boardId }), this.forgetDeletedBoard(boardId)]);
  }

  private async forgetDeletedBoard(boardId: string): Promise<void> {
    for (const [connection, joining] of this.joining) if (joining.boardId === boardId) this.shut(connection, joining, CloseCodes.BoardDeleted, 'board deleted');
    const entry = this.rooms.get(boardId);
    if (!entry) return;
    this.rooms.delete(boardId);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    const room = await entry.room;
    room.closeAll(CloseCodes.BoardDeleted, 'board deleted');
    room.destroy();
    await this.link?.unloaded(boardId);
  }

  /** Flushes every board to disk and closes every connection (SIGTERM, tests). */
  async close(): Promise<void> {
    this.closed = true;
    this.link?.stop();
    const entries = [...this.rooms.entries()];
    this.rooms.clear();
    await Promise.all(
      entries.map(async ([boardId, entry]) => {
        if (entry.idleTimer) clearTimeout(entry.idleTimer);
        try {
          const room = await entry.room;
          await room.close();
          room.closeAll(CloseCodes.ServerShutdown, 'server shutting down');
          room.destroy();
        } catch (error) {
          log.error('sync', 'flush on shutdown failed', { boardId, error: (error as Error).message });
        }
      }),
    );
    await Promise.all(this.unloading.values());
  }
}
