/**
 * One y-websocket connection: the socket plus the identity and role the server settled
 * at the HTTP upgrade. The room trusts these fields, never anything the client sends.
 */
import type { Role } from '../../../shared/src/roles';
import { defaultSyncLimits, type SyncLimits } from '../config';
import { log } from '../log';
import { TokenBucket, WriteBudget } from './TokenBucket';

/** What a connection uses of its socket: a `ws` WebSocket, or an in-memory one in the server fuzz. */
export interface RoomSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly CONNECTING: number;
  /** Bytes queued but not yet written (the slow-reader cap reads it). */
  readonly bufferedAmount: number;
  send(message: Uint8Array, callback: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface ConnectionUser {
  id: string;
  name: string;
  /** Presence colour, derived from the user id. */
  color: string;
}

export class RoomConnection {
  /** Awareness client ids this connection has published; it may publish only these. */
  readonly clientIds = new Set<number>();
  /** When the room last asked this client to resync (see BoardRoom). */
  lastResyncAt = 0;
  /** A full-state reply (sync step 2) is queued or on its way: repeated step 1s are coalesced. */
  stateReplyOutstanding = false;
  /**
   * Its first sync step 1, answered before the room was loaded (EarlyAnswers): being
   * prepared, sent (the room then sends only what was committed after its stored read), or not.
   */
  earlyAnswer: 'none' | 'pending' | 'sent' | 'declined' = 'none';
  /** The client asked for a big board's whole state in slices (`?slices=1` on the upgrade; see committedState.ts). */
  takesSlices = false;
  /** How much may be queued for this socket; the room sets it from the board's size. */
  queueLimit: () => number;
  readonly syncRequests: TokenBucket;
  readonly writeBudget: WriteBudget;

  private granted: Role;

  constructor(
    readonly socket: RoomSocket,
    readonly user: ConnectionUser,
    role: Role,
    /** Hash of the session id or token the connection was opened with. */
    readonly credential: string = '',
    readonly limits: SyncLimits = defaultSyncLimits,
    /** Opened with a read-only API token: acts as a viewer whatever role the user gets. */
    readonly readOnly = false,
  ) {
    this.granted = readOnly ? 'viewer' : role;
    this.queueLimit = () => limits.queueBaseBytes;
    this.syncRequests = new TokenBucket(limits.syncRequests);
    this.writeBudget = new WriteBudget(limits.connectionWriteBytes, limits.connectionWrites);
  }

  get role(): Role {
    return this.granted;
  }

  set role(role: Role) {
    this.granted = this.readOnly ? 'viewer' : role;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /**
   * Queues a message; `onWritten` runs once it has left the process (or failed). A client
   * that does not read would make the server hold whatever it sends: once more than the
   * queue limit waits for it, the socket is cut at once, freeing what was queued.
   */
  send(message: Uint8Array, onWritten?: () => void): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.queueLimit()) {
      log.warn('sync', 'cutting a connection that does not read what it is sent', { userId: this.user.id, queued: this.socket.bufferedAmount });
      this.socket.terminate();
      return;
    }
    this.socket.send(message, (error) => {
      if (error) this.socket.terminate();
      onWritten?.();
    });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }
}
