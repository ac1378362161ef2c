/**
 * A replica that speaks the y-websocket protocol to a real BoardRoom over a MemorySocketPair,
 * as the y-websocket provider does: on connect it sends sync step 1, answers the server's step
 * 1 with step 2, applies steps 2 and updates, and sends each local update while connected.
 * Awareness frames are read past. Disconnecting removes the connection from the room, as the
 * upgrade handler does when a `ws` socket closes.
 */
import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Role } from '../../shared/src/roles';
import type { BoardRoom } from '../../server/src/sync/BoardRoom';
import { RoomConnection, type ConnectionUser } from '../../server/src/sync/RoomConnection';
import { MessageType } from '../../server/src/sync/protocol';
import { MemorySocketPair } from './memorySocket';

/** Origin of what a replica applies from the server: not sent back. */
const FROM_SERVER = Symbol('from-server');

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export class SyncReplica {
  private pair: MemorySocketPair | null = null;
  private connection: RoomConnection | null = null;

  constructor(
    readonly doc: Y.Doc,
    readonly user: ConnectionUser,
    readonly role: Role,
    private readonly room: BoardRoom,
  ) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER) this.pair?.sendToServer(syncMessage((e) => syncProtocol.writeUpdate(e, update)));
    });
  }

  /** Connected and not closed by the server. */
  get connected(): boolean {
    return this.pair?.isOpen ?? false;
  }

  /** Frames in flight either way. */
  get inFlight(): number {
    return this.pair ? this.pair.toClient.length + this.pair.toServer.length : 0;
  }

  connect(): void {
    this.disconnect();
    const pair = new MemorySocketPair();
    const connection = new RoomConnection(pair.server, this.user, this.role);
    this.pair = pair;
    this.connection = connection;
    this.room.addConnection(connection);
    pair.sendToServer(syncMessage((e) => syncProtocol.writeSyncStep1(e, this.doc)));
  }

  /** The socket breaks (frames in flight are lost) and the room lets the connection go. */
  disconnect(): void {
    if (!this.pair || !this.connection) return;
    this.pair.disconnect();
    this.room.removeConnection(this.connection);
    this.pair = null;
    this.connection = null;
  }

  /** Delivers the next frame to the server; false when there is none. */
  deliverToServer(): boolean {
    const frame = this.pair?.toServer.shift();
    if (!frame || !this.connection) return false;
    this.room.handleMessage(this.connection, frame);
    this.noticeServerClose();
    return true;
  }

  /** Delivers the next frame from the server; false when there is none. */
  deliverToClient(): boolean {
    const frame = this.pair?.toClient.shift();
    if (!frame) return false;
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return true; // awareness: not ours to check
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.Sync);
    syncProtocol.readSyncMessage(decoder, reply, this.doc, FROM_SERVER);
    if (encoding.length(reply) > 1) this.pair?.sendToServer(encoding.toUint8Array(reply));
    return true;
  }

  /** The fuzz sends only valid frames: a close by the server is a failure. */
  private noticeServerClose(): void {
    if (this.pair && !this.pair.isOpen && this.pair.closedBy) {
      const closed = this.pair.closedBy;
      this.disconnect();
      throw new Error(`the server closed the connection of ${this.user.name}: ${closed.code} ${closed.reason}`);
    }
  }
}
