/**
 * The HTTP upgrade for `ws(s)://host/yjs/:boardId`. Identity, Origin and membership are
 * settled here, before a single Yjs message flows: 401 no identity, 403 foreign Origin,
 * 404 no such board or not a member (indistinguishable on purpose).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData } from 'ws';
import type { Store } from '../store/Store';
import type { Identify, Identity } from '../auth/identify';
import { isAllowedOrigin } from '../auth/origin';
import { canWrite, effectiveRole, reachesBoard } from '../auth/scope';
import { log } from '../log';
import { rejectUpgrade } from '../http/errors';
import { isStoreError } from '../store/errors';
import { CloseCodes } from '../../../shared/src/closeCodes';
import { isBoardId } from '../../../shared/src/boardId';
import type { BoardHub } from './BoardHub';
import type { BoardRoom } from './BoardRoom';
import { RoomConnection } from './RoomConnection';
import { peekSyncStep1 } from './protocol';
import { colorFor } from '../../../shared/src/personColor';
import type { SyncLimits } from '../config';
import { ConnectionCaps, TOO_MANY_CONNECTIONS } from './ConnectionCaps';
import { clientAddress } from '../http/clientAddress';

export interface YjsUpgradeOptions {
  hub: BoardHub;
  store: Store;
  identify: Identify;
  /** Resolved lazily: with port 0 the origin is known only once listening. */
  publicOrigin: () => string;
  maxFrameBytes: number;
  limits: SyncLimits;
  /** Behind one reverse proxy: connection caps count the forwarded address (see clientAddress). */
  trustProxy?: boolean;
}

const BOARD_PATH = /^\/yjs\/([^/]+)\/?$/;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function createYjsUpgradeHandler(options: YjsUpgradeOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
  const caps = new ConnectionCaps(options.limits);

  async function authorize(
    req: IncomingMessage,
  ): Promise<
    { status: number; code: string; message: string } | { boardId: string; identity: Identity; role: NonNullable<Awaited<ReturnType<Store['getRole']>>> }
  > {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const boardId = BOARD_PATH.exec(path)?.[1];
    const identity = await options.identify(req);
    if (!identity) return { status: 401, code: 'unauthorized', message: 'Sign in or send a bearer token' };
    if (identity.via === 'cookie' && !isAllowedOrigin(req, options.publicOrigin())) {
      return { status: 403, code: 'bad_origin', message: `Origin ${req.headers.origin ?? '(none)'} is not allowed` };
    }
    if (!isBoardId(boardId) || !reachesBoard(identity, boardId)) return { status: 404, code: 'not_found', message: 'No such board' };
    const role = await options.store.getRole(boardId, identity.user.id);
    if (!role) return { status: 404, code: 'not_found', message: 'No such board' };
    return { boardId, identity, role: effectiveRole(identity, role) };
  }

  return async function handleYjsUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    let decision: Awaited<ReturnType<typeof authorize>>;
    try {
      decision = await authorize(req);
    } catch (error) {
      log.error('sync', 'upgrade failed', { url: req.url, error: (error as Error).message });
      if (isStoreError(error, 'unavailable')) rejectUpgrade(socket, 503, 'unavailable', 'The store is unavailable; try again');
      else rejectUpgrade(socket, 500, 'internal', 'Internal error');
      return;
    }
    if ('status' in decision) {
      rejectUpgrade(socket, decision.status, decision.code, decision.message);
      return;
    }
    const { boardId, identity, role } = decision;
    const address = clientAddress(req, options.trustProxy ?? false);
    const release = caps.acquire(identity.user.id, address);
    if (!release) {
      log.warn('sync', 'refused a connection over the cap', { userId: identity.user.id, address });
      rejectUpgrade(socket, 429, TOO_MANY_CONNECTIONS.code, TOO_MANY_CONNECTIONS.message);
      return;
    }
    // The client may have hung up while we authorised it: then its slot is free already.
    if (socket.destroyed) {
      release();
      return;
    }
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const user = { id: identity.user.id, name: identity.user.name, color: colorFor(identity.user.id) };
      const connection = new RoomConnection(ws, user, role, identity.credential, options.limits, !canWrite(identity));
      connection.takesSlices = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('slices') === '1';
      const early: Uint8Array[] = [];
      let room: BoardRoom | null = null;
      let detach: (() => void) | null = null;
      let closed = false;

      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          log.warn('sync', 'closing a connection that sent a text frame', { boardId, userId: user.id });
          connection.close(CloseCodes.BadMessage, 'binary frames only');
          return;
        }
        const bytes = toBytes(data);
        if (room) room.handleMessage(connection, bytes);
        else {
          // The room is still loading: messages wait, in order; a sync request may be answered from the stored state meanwhile.
          early.push(bytes);
          const stateVector = peekSyncStep1(bytes);
          if (stateVector) options.hub.answerEarly(boardId, connection, stateVector);
        }
      });
      ws.on('error', (error) => {
        log.warn('sync', 'connection error', { boardId, userId: user.id, error: error.message });
      });
      ws.on('close', () => {
        closed = true;
        detach?.();
      });

      options.hub.connect(boardId, connection).then(
        (joined) => {
          detach = joined.detach;
          if (closed) {
            detach();
            return;
          }
          room = joined.room;
          for (const bytes of early.splice(0)) room.handleMessage(connection, bytes);
        },
        (error: Error) => {
          log.error('sync', 'could not open the board', { boardId, error: error.message });
          connection.close(CloseCodes.ServerShutdown, 'board unavailable');
        },
      );
    });
  };
}
