/**
 * The y-websocket wire protocol (y-protocols sync + awareness), as the server speaks it.
 * Message type numbers are those of the y-websocket client.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;

export const SyncType = {
  Step1: syncProtocol.messageYjsSyncStep1,
  Step2: syncProtocol.messageYjsSyncStep2,
  Update: syncProtocol.messageYjsUpdate,
} as const;

/** A decoded client message. Decoding never touches the document. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array; step2: boolean; structs: DecodedStruct[] }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

/** A struct of a decoded (not applied) update. */
export type DecodedStruct = Y.Item | Y.GC | Y.Skip;

export class BadMessageError extends Error {
  readonly code = 'bad_message';
}

/** A well-formed message the server refuses: the connection is closed with `closeCode`. */
export class RefusedMessageError extends Error {
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes one frame, or throws BadMessageError with the reason. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MessageType.Sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SyncType.Step1) {
          Y.decodeStateVector(payload); // validates
          return { type: 'sync-step1', stateVector: payload };
        }
        if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
          // Validates the whole update before anything is applied; the structs feed the schema guard.
          const { structs } = Y.decodeUpdate(payload);
          return { type: 'sync-update', update: payload, step2: syncType === SyncType.Step2, structs };
        }
        throw new BadMessageError(`unknown sync message type ${syncType}`);
      }
      case MessageType.Awareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MessageType.QueryAwareness:
        return { type: 'query-awareness' };
      case MessageType.Auth:
        return { type: 'auth' };
      default:
        throw new BadMessageError(`unknown message type ${messageType}`);
    }
  } catch (error) {
    if (error instanceof BadMessageError) throw error;
    throw new BadMessageError(`undecodable frame: ${(error as Error).message}`);
  }
}

/** The state vector of a sync step 1 frame, or null for any other (or malformed) frame; decodes nothing else. */
export function peekSyncStep1(data: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MessageType.Sync || decoding.readVarUint(decoder) !== SyncType.Step1) return null;
    const stateVector = decoding.readVarUint8Array(decoder);
    Y.decodeStateVector(stateVector); // validates
    return stateVector;
  } catch {
    return null;
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying an update encoded earlier (the whole board, for clients that have nothing). */
export function encodeSyncStep2Of(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Sync update messages of a state's parts, as the reply to a sync step 1: the last one
 * turned into a sync step 2 (a copy of that one only), so a y-websocket client becomes
 * `synced` only once it has applied every part.
 */
export function endingInStep2(updateFrames: readonly Uint8Array[]): Uint8Array[] {
  const last = updateFrames.at(-1);
  if (!last) return [];
  const step2 = last.slice();
  step2[1] = SyncType.Step2; // [MessageType.Sync, SyncType.Update, ...payload]: both types are one byte
  return [...updateFrames.slice(0, -1), step2];
}

/** The update a sync update (or step 2) message carries: a view into the message, not a copy. */
export function syncPayload(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null when the client removed its state. */
  state: Record<string, unknown> | null;
}

/** Parses an awareness update (y-protocols format) so the server can check and stamp it. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 1_000) throw new BadMessageError('too many awareness entries');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
    const state = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    entries.push({ clientId, clock, state });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
