/**
 * A plain y-protocols client over `ws` (no y-websocket provider), recording every frame the
 * server sends, in order: what an outside client written against the protocol sees.
 *
 * @example
 * const client = await rawSync(server.wsUrl, user, boardId);
 * await client.synced;                       // a sync step 2 arrived
 * client.frames.map((f) => f.kind);          // ['update', …, 'step2', 'step1', …]
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { TestUser } from './clients';

export interface RecordedFrame {
  kind: 'step1' | 'step2' | 'update' | 'awareness' | 'other';
  /** The update a step 2 or update frame carried. */
  update?: Uint8Array;
}

export interface RawSyncClient {
  doc: Y.Doc;
  ws: WebSocket;
  frames: RecordedFrame[];
  /** Resolves at the first sync step 2 from the server. */
  synced: Promise<void>;
  /** Called on each frame, after it is recorded and applied. */
  onFrame: ((frame: RecordedFrame) => void) | null;
  close(): void;
}

/**
 * Opens `/yjs/:boardId` as `user` (Bearer), sends a sync step 1 of `doc` at once, and answers
 * the server's step 1. `slices`: asks for a big board's state in slices (`?slices=1`).
 */
export async function rawSync(wsUrl: string, user: TestUser, boardId: string, doc = new Y.Doc(), options: { slices?: boolean } = {}): Promise<RawSyncClient> {
  const ws = new WebSocket(`${wsUrl}/yjs/${boardId}${options.slices ? '?slices=1' : ''}`, { headers: { Authorization: `Bearer ${user.token}` } });
  ws.binaryType = 'nodebuffer';
  ws.on('error', () => undefined);
  const frames: RecordedFrame[] = [];
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const client: RawSyncClient = { doc, ws, frames, synced, onFrame: null, close: () => ws.close() };
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const frame = record(bytes);
    frames.push(frame);
    if (frame.kind === 'step1' || frame.kind === 'step2' || frame.kind === 'update') {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.readSyncMessage(decoding.createDecoder(bytes.subarray(1)), encoder, doc, 'server');
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    }
    if (frame.kind === 'step2') resolveSynced();
    client.onFrame?.(frame);
  });
  await new Promise<void>((resolve, reject) =>
    ws.once('open', () => resolve()).once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`))),
  );
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  ws.send(encoding.toUint8Array(encoder));
  return client;
}

function record(bytes: Uint8Array): RecordedFrame {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  if (type === 1) return { kind: 'awareness' };
  if (type !== 0) return { kind: 'other' };
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'step1' };
  return { kind: syncType === syncProtocol.messageYjsSyncStep2 ? 'step2' : 'update', update: payload };
}
