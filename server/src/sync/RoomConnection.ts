/**
 * One y-websocket connection: the socket plus the identity and role the server settled
 * at the HTTP upgrade. The room trusts these fields, never anything the client sends.
 */
import type { WebSocket } from 'ws';
import type { Role } from '../../../shared/src/roles';

export interface ConnectionUser {
  id: string;
  name: string;
  /** Presence colour, derived from the user id. */
  color: string;
}

const PRESENCE_COLORS = ['#e11d48', '#d97706', '#059669', '#0284c7', '#7c3aed', '#db2777', '#0d9488', '#4f46e5', '#ca8a04', '#16a34a'];

/** A stable presence colour for a user id. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length] ?? '#4f46e5';
}

export class RoomConnection {
  /** Awareness client ids this connection has published; it may publish only these. */
  readonly clientIds = new Set<number>();
  /** When the room last asked this client to resync (see BoardRoom). */
  lastResyncAt = 0;

  private granted: Role;

  constructor(
    readonly socket: WebSocket,
    readonly user: ConnectionUser,
    role: Role,
    /** Hash of the session id or token the connection was opened with. */
    readonly credential: string = '',
    /** Opened with a read-only API token: acts as a viewer whatever role the user gets. */
    readonly readOnly = false,
  ) {
    this.granted = readOnly ? 'viewer' : role;
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

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    this.socket.send(message, (error) => {
      if (error) this.socket.terminate();
    });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }
}
