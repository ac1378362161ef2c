/**
 * An in-memory socket pair between one replica and a BoardRoom, in the manner of tldraw's
 * TestSocketPair: frames wait in one queue per direction until the test delivers them, in
 * order (a WebSocket is ordered); a disconnect drops whatever was still in flight. The
 * server end implements RoomSocket, what RoomConnection uses of a `ws` WebSocket.
 */
import type { RoomSocket } from '../../server/src/sync/RoomConnection';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export class MemorySocketPair {
  /** Frames the server sent, not yet delivered to the client. */
  readonly toClient: Uint8Array[] = [];
  /** Frames the client sent, not yet delivered to the server. */
  readonly toServer: Uint8Array[] = [];
  /** Set when the server closed its end (code and reason, as ws would report them). */
  closedBy: { code: number; reason: string } | null = null;
  readyState = OPEN;
  /** The server's end. */
  readonly server: RoomSocket = new ServerEnd(this);

  get isOpen(): boolean {
    return this.readyState === OPEN;
  }

  /** The client sends a frame (dropped when closed, as a closed WebSocket would). */
  sendToServer(message: Uint8Array): void {
    if (this.isOpen) this.toServer.push(message);
  }

  /** The connection breaks: frames in flight either way are lost. */
  disconnect(): void {
    this.readyState = CLOSED;
    this.toClient.length = 0;
    this.toServer.length = 0;
  }
}

class ServerEnd implements RoomSocket {
  readonly OPEN = OPEN;
  readonly CONNECTING = CONNECTING;

  constructor(private readonly pair: MemorySocketPair) {}

  /** Frames are delivered synchronously, so nothing is ever waiting. */
  readonly bufferedAmount = 0;

  get readyState(): number {
    return this.pair.readyState;
  }

  send(message: Uint8Array, callback: (error?: Error) => void): void {
    if (!this.pair.isOpen) return callback(new Error('socket closed'));
    this.pair.toClient.push(message);
    callback();
  }

  close(code: number, reason: string): void {
    this.pair.closedBy ??= { code, reason };
    this.pair.disconnect();
  }

  terminate(): void {
    this.pair.disconnect();
  }
}
