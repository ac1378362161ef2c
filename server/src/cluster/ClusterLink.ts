/**
 * One process's part in a cluster of Tranche processes on one database: wires the hub's
 * rooms to the cluster bus.
 *
 * - Loading a room subscribes to its channel first, then reads the board, then applies
 *   what arrived meanwhile past the watermark (nothing committed in between is missed).
 * - Every second the committed heads of all loaded boards are read in one query and any
 *   gap is filled from the store (pub/sub drops messages; Redis may be down), and at once
 *   when the Redis connection comes back. Servers never exchange Yjs sync steps.
 * - Access changes are broadcast to every process; every few seconds the sessions, tokens
 *   and memberships of open connections are read again, failing closed, so revocation
 *   holds even while Redis is down.
 */
import type { Store } from '../store/Store';
import type { Role } from '../../../shared/src/roles';
import { CloseCodes } from '../../../shared/src/closeCodes';
import { log } from '../log';
import { credentialValid } from '../auth/credentialValid';
import type { BoardRoom, RoomPeers } from '../sync/BoardRoom';
import type { ClusterBus } from './ClusterBus';
import { MAX_INLINE_UPDATE_BYTES, type BoardMessage, type ControlMessage } from './messages';

/** How often the committed heads of loaded boards are compared with the rooms. */
export const HEAD_POLL_MS = 1_000;
/** How long a room behind the head read by the poll waits for the bus before it reads the store. */
const POLL_GRACE_MS = 50;
/** Asks for peers' awareness made within this long of each other go out as one. */
const AWARENESS_ASK_COALESCE_MS = 100;
/** How often open connections' sessions, tokens and memberships are read again. */
export const ACCESS_RECHECK_MS = 3_000;

/** What the link needs of the hub. */
export interface HubView {
  loadedRooms(): BoardRoom[];
  room(boardId: string): BoardRoom | null;
  setUserRole(boardId: string, userId: string, role: Role | null): Promise<void>;
  closeCredential(credential: string): void;
  boardDeleted(boardId: string): Promise<void>;
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export class ClusterLink {
  /** Messages for boards being loaded, applied once the load is done. */
  private readonly loading = new Map<string, Array<{ message: BoardMessage; from: string }>>();
  private readonly pollTimer: NodeJS.Timeout;
  private readonly recheckTimer: NodeJS.Timeout;
  private polling = false;
  private awarenessAskDue = false;
  private rechecking = false;
  private pollFailing = false;

  constructor(
    private readonly bus: ClusterBus,
    private readonly store: Store,
    private readonly hub: HubView,
    headPollMs = HEAD_POLL_MS,
    accessRecheckMs = ACCESS_RECHECK_MS,
  ) {
    bus.listen({
      onBoard: (boardId, message, from) => this.onBoard(boardId, message, from),
      onControl: (message) => this.onControl(message),
      onReconnected: () => this.reconnected(),
      onPeerGone: (processId) => {
        for (const room of this.hub.loadedRooms()) room.forgetPeer(processId);
      },
      // Its states were dropped here: ask again (its reply restores them).
      onPeerBack: () => this.askPeersForAwareness(),
    });
    this.pollTimer = setInterval(() => void this.pollHeads(), headPollMs);
    this.pollTimer.unref();
    this.recheckTimer = setInterval(() => void this.recheckAccess(), accessRecheckMs);
    this.recheckTimer.unref();
  }

  /** Loads a room: subscribe, read the board, apply what arrived meanwhile, ask peers for awareness. */
  async load(boardId: string, read: (peers: RoomPeers) => Promise<BoardRoom>): Promise<BoardRoom> {
    const buffered: Array<{ message: BoardMessage; from: string }> = [];
    this.loading.set(boardId, buffered);
    try {
      await this.bus.subscribe(boardId);
      const room = await read(this.peersFor(boardId));
      for (const { message, from } of buffered) this.deliver(room, message, from);
      this.bus.publishBoard(boardId, { type: 'awareness-query' });
      return room;
    } catch (error) {
      await this.bus.unsubscribe(boardId);
      throw error;
    } finally {
      this.loading.delete(boardId);
    }
  }

  /** The room was flushed and dropped: stop listening to its channel. */
  async unloaded(boardId: string): Promise<void> {
    if (!this.loading.has(boardId) && !this.hub.room(boardId)) await this.bus.unsubscribe(boardId);
  }

  /** Tells every other process; resolves once each has applied it (or the wait ran out: see ClusterBus.publishControl). */
  broadcast(message: ControlMessage): Promise<void> {
    return this.bus.publishControl(message);
  }

  stop(): void {
    clearInterval(this.pollTimer);
    clearInterval(this.recheckTimer);
  }

  private peersFor(boardId: string): RoomPeers {
    return {
      committed: ({ first, last, update, clients }) =>
        this.bus.publishBoard(boardId, {
          type: 'committed',
          first,
          last,
          ...(update.byteLength <= MAX_INLINE_UPDATE_BYTES ? { update: toBase64(update) } : {}),
          ...(clients.length > 0 ? { clients } : {}),
        }),
      awareness: (update) => this.bus.publishBoard(boardId, { type: 'awareness', update: toBase64(update) }),
    };
  }

  private onBoard(boardId: string, message: BoardMessage, from: string): void {
    const buffered = this.loading.get(boardId);
    if (buffered) {
      buffered.push({ message, from });
      return;
    }
    const room = this.hub.room(boardId);
    if (room && !room.isDestroyed) this.deliver(room, message, from);
  }

  private deliver(room: BoardRoom, message: BoardMessage, from: string): void {
    switch (message.type) {
      case 'committed':
        void room
          .receiveCommitted(message.first, message.last, message.update ? fromBase64(message.update) : null, message.clients ?? [])
          .catch(() => undefined);
        break;
      case 'awareness':
        room.applyRemoteAwareness(fromBase64(message.update), from);
        break;
      case 'awareness-query': {
        const update = room.localAwareness();
        if (update) this.bus.publishBoard(room.boardId, { type: 'awareness', update: toBase64(update) });
        break;
      }
    }
  }

  private async onControl(message: ControlMessage): Promise<void> {
    switch (message.type) {
      case 'role':
        await this.hub.setUserRole(message.boardId, message.userId, message.role);
        break;
      case 'signed-out':
        this.hub.closeCredential(message.credential);
        break;
      case 'board-deleted':
        await this.hub.boardDeleted(message.boardId);
        break;
    }
  }

  /**
   * Redis is back: fill what was missed, and exchange awareness anew. While cut off, this
   * process took its peers for gone (and they took it for gone), dropping each other's states.
   */
  private reconnected(): void {
    void this.pollHeads();
    for (const room of this.hub.loadedRooms()) {
      const update = room.localAwareness();
      if (update) this.bus.publishBoard(room.boardId, { type: 'awareness', update: toBase64(update) });
    }
    this.askPeersForAwareness();
  }

  /**
   * Asks the peers of every loaded room for their awareness. Calls close together (Redis back,
   * then each peer heard again) make one ask: every process answers every ask.
   */
  private askPeersForAwareness(): void {
    if (this.awarenessAskDue) return;
    this.awarenessAskDue = true;
    setTimeout(() => {
      this.awarenessAskDue = false;
      for (const room of this.hub.loadedRooms()) this.bus.publishBoard(room.boardId, { type: 'awareness-query' });
    }, AWARENESS_ASK_COALESCE_MS).unref();
  }

  /** Anti-entropy: one query for the heads of every loaded board; rooms behind catch up. */
  private async pollHeads(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rooms = this.hub.loadedRooms();
      if (rooms.length === 0) return;
      const heads = await this.store.readHeads(rooms.map((room) => room.boardId));
      for (const room of rooms) {
        const head = heads.get(room.boardId)?.lastSeq ?? 0;
        if (head <= room.appliedThrough) continue;
        // A commit read here is usually on its way over Redis too: read the store only if it
        // has not arrived a moment later (else the read races the bus and delays what follows).
        setTimeout(() => {
          if (!room.isDestroyed && head > room.appliedThrough) void room.catchUp(head).catch(() => undefined);
        }, POLL_GRACE_MS).unref();
      }
      if (this.pollFailing) log.info('cluster', 'head poll works again');
      this.pollFailing = false;
    } catch (error) {
      if (!this.pollFailing) log.warn('cluster', 'head poll failed', { error: (error as Error).message });
      this.pollFailing = true;
    } finally {
      this.polling = false;
    }
  }

  /**
   * Reads again who may still hold each open connection: its session or token, and its
   * membership. A revoked credential or membership closes the connection; a check that
   * cannot be made (the store is down) closes it too (fail closed: it reconnects, and its
   * upgrade is checked afresh).
   */
  private async recheckAccess(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      for (const room of this.hub.loadedRooms()) {
        const users = new Set<string>();
        for (const connection of room.connections) users.add(connection.user.id);
        for (const userId of users) {
          let role: Role | null;
          const version = room.accessVersion;
          try {
            role = await this.store.getRole(room.boardId, userId);
          } catch {
            room.closeUser(userId, CloseCodes.ServerShutdown, 'access could not be checked');
            continue;
          }
          // A broadcast applied meanwhile is newer than this read: the next recheck reads again.
          if (!room.isDestroyed) room.applyRoleRead(userId, role, version);
        }
        const credentials = new Set<string>();
        for (const connection of room.connections) credentials.add(connection.credential);
        for (const credential of credentials) {
          let valid: boolean;
          try {
            valid = await credentialValid(this.store, credential);
          } catch {
            room.closeCredential(credential, CloseCodes.ServerShutdown, 'access could not be checked');
            continue;
          }
          if (!valid) room.closeCredential(credential);
        }
      }
    } finally {
      this.rechecking = false;
    }
  }
}
