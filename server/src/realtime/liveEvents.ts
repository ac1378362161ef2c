/**
 * Socket.IO: the server's own words about what happened on a board (activity, saved,
 * access changed, deleted). Same identity as REST (cookie or `auth.token`), checked in
 * the handshake; `board:join` checks membership; payloads are validated and answered
 * with `{ok}` or `{error}`, and a bad payload changes nothing.
 */
import { z } from 'zod';
import { BOARD_ID_PATTERN } from '../../../shared/src/boardId';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, ActivityEvent, Ack } from '../../../shared/src/events';
import type { Role } from '../../../shared/src/roles';
import type { Store, UserRecord } from '../store/Store';
import { isStoreError } from '../store/errors';
import type { Identify } from '../auth/identify';
import { isAllowedOrigin } from '../auth/origin';
import type { RoomPublisher } from '../sync/BoardRoom';
import { ConnectionCaps, TOO_MANY_CONNECTIONS, type ConnectionCapLimits } from '../sync/ConnectionCaps';
import { clientAddress } from '../http/clientAddress';
import { log } from '../log';
import { countAuthFailure } from '../metrics/metrics';
import { credentialValid } from '../auth/credentialValid';

/** Per-socket data on the Socket.IO server, set by the handshake middleware below. */
export interface SocketData {
  user: UserRecord;
  /** Hash of the session id or token the socket was opened with. */
  credential: string;
  /** The one board a board-scoped API token may join, else null. */
  onlyBoard?: string | null;
  /** How many sign-outs this process had applied when the handshake began to identify the socket. */
  signOutsBefore?: number;
}

/** A `board:join` between its membership read and joining the board's room. */
interface PendingJoin {
  socket: LiveSocket;
  boardId: string;
  /** Removed from the board, or the board deleted, while the read was on its way. */
  revoked: boolean;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const boardPayload = z.object({ boardId: z.string().regex(BOARD_ID_PATTERN, 'a board id') }).strict();

export const boardRoomName = (boardId: string): string => `board:${boardId}`;
export const userRoomName = (userId: string): string => `user:${userId}`;
const credentialRoomName = (credential: string): string => `credential:${credential}`;

/** What the rest of the server calls to announce things. */
export interface LiveEvents extends RoomPublisher {
  accessChanged(boardId: string, userId: string, role: Role | null): void;
  boardDeleted(boardId: string): void;
  /** Disconnects the sockets opened with a credential that was signed out. */
  signedOut(credential: string): void;
}

function badPayload(message: string): Ack {
  return { error: { code: 'bad_request', message } };
}

export interface LiveEventsDeps {
  store: Store;
  identify: Identify;
  publicOrigin: () => string;
  /** Caps on open sockets per user and per address. */
  connectionCaps?: ConnectionCapLimits;
  /** Behind one reverse proxy: connection caps count the forwarded address (see clientAddress). */
  trustProxy?: boolean;
}

export function attachLiveEvents(io: LiveServer, deps: LiveEventsDeps): LiveEvents {
  const caps = deps.connectionCaps ? new ConnectionCaps(deps.connectionCaps) : null;
  /**
   * An access change applied while a socket's identity or membership was being read found no
   * room to act on: these let the read's answer be checked against what happened meanwhile.
   */
  const pendingJoins = new Set<PendingJoin>();
  let signOuts = 0;
  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    socket.data.signOutsBefore = signOuts;
    deps.identify(socket.request, token).then(
      (identity) => {
        if (!identity) {
          countAuthFailure('socketio', 401, 'unauthenticated');
          return next(new Error('unauthenticated'));
        }
        if (identity.via === 'cookie' && !isAllowedOrigin(socket.request, deps.publicOrigin())) {
          countAuthFailure('socketio', 403, 'bad_origin');
          return next(new Error('bad_origin'));
        }
        socket.data.user = identity.user;
        socket.data.credential = identity.credential;
        // The slot follows the underlying connection (a client that left during the handshake holds none).
        if (socket.conn.readyState !== 'open') return next(new Error('disconnected'));
        const release = caps?.acquire(identity.user.id, clientAddress(socket.request, deps.trustProxy ?? false));
        if (release === null) return next(Object.assign(new Error(TOO_MANY_CONNECTIONS.code), { data: TOO_MANY_CONNECTIONS }));
        if (release) socket.conn.once('close', release);
        socket.data.onlyBoard = identity.token?.boardId ?? null;
        next();
      },
      (error: Error) => next(error),
    );
  });

  io.on('connection', (socket: LiveSocket) => {
    void socket.join(userRoomName(socket.data.user.id));
    void socket.join(credentialRoomName(socket.data.credential));
    // A sign-out applied while the handshake identified the socket did not reach it: from now on
    // one does (it is in its credential's room), and one before is on disk for this read. Its
    // board:joins wait for the answer.
    const stillSignedIn: Promise<boolean> =
      socket.data.signOutsBefore === signOuts
        ? Promise.resolve(true)
        : credentialValid(deps.store, socket.data.credential).then(
            (valid) => {
              if (!valid) socket.disconnect(true);
              return valid;
            },
            () => {
              socket.disconnect(true); // fail closed: it reconnects through a fresh handshake
              return false;
            },
          );

    socket.on('board:join', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = boardPayload.safeParse(payload);
      if (!parsed.success) return ack(badPayload(`boardId: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
      const { boardId } = parsed.data;
      if (socket.data.onlyBoard && socket.data.onlyBoard !== boardId) return ack({ error: { code: 'not_found', message: 'No such board' } });
      // The committed head comes from the store, not this process's room: with several
      // processes, what is on disk may be ahead of any one room. It is read after joining the
      // room, so a commit is either in it or announced to this socket by its own board:saved.
      // A removal applied while the membership read was on its way marks the pending join.
      const pending: PendingJoin = { socket, boardId, revoked: false };
      pendingJoins.add(pending);
      Promise.all([deps.store.getRole(boardId, socket.data.user.id), stillSignedIn])
        .then(async ([role, signedIn]) => {
          pendingJoins.delete(pending);
          if (!signedIn || !socket.connected) return;
          if (!role || pending.revoked) return ack({ error: { code: 'not_found', message: 'No such board' } });
          void socket.join(boardRoomName(boardId));
          const heads = await deps.store.readHeads([boardId]);
          ack({ ok: true });
          // A client may have synced its edits before it joined: tell it what is on disk now.
          const committed = heads.get(boardId)?.stateVector;
          if (committed) socket.emit('board:saved', savedEvent(boardId, committed));
        })
        .catch((error: Error) => {
          pendingJoins.delete(pending);
          void socket.leave(boardRoomName(boardId));
          log.error('realtime', 'board:join failed', { boardId, error: error.message });
          if (isStoreError(error, 'unavailable')) return ack({ error: { code: 'unavailable', message: 'The store is unavailable; try again' } });
          ack({ error: { code: 'internal', message: 'Internal error' } });
        });
    });

    socket.on('board:leave', (payload, ack) => {
      const parsed = boardPayload.safeParse(payload);
      if (!parsed.success) {
        if (typeof ack === 'function') ack(badPayload('boardId: a board id'));
        return;
      }
      void socket.leave(boardRoomName(parsed.data.boardId));
      if (typeof ack === 'function') ack({ ok: true });
    });
  });

  return {
    saved(boardId: string, stateVector: Uint8Array) {
      io.to(boardRoomName(boardId)).emit('board:saved', savedEvent(boardId, stateVector));
    },
    savedHere(boardId: string, stateVector: Uint8Array) {
      io.local.to(boardRoomName(boardId)).emit('board:saved', savedEvent(boardId, stateVector));
    },
    activity(boardId: string, events: ActivityEvent[]) {
      for (const event of events) io.to(boardRoomName(boardId)).emit('activity:added', event);
    },
    accessChanged(boardId: string, userId: string, role: Role | null) {
      if (role === null) for (const pending of pendingJoins) if (pending.boardId === boardId && pending.socket.data.user.id === userId) pending.revoked = true;
      io.to(userRoomName(userId)).emit('board:access', { boardId, role });
      if (role === null) io.in(userRoomName(userId)).socketsLeave(boardRoomName(boardId));
    },
    signedOut(credential: string) {
      signOuts++;
      io.in(credentialRoomName(credential)).disconnectSockets(true);
    },
    boardDeleted(boardId: string) {
      for (const pending of pendingJoins) if (pending.boardId === boardId) pending.revoked = true;
      io.to(boardRoomName(boardId)).emit('board:deleted', { boardId });
      io.in(boardRoomName(boardId)).socketsLeave(boardRoomName(boardId));
    },
  };
}

/** A `board:saved` event: everything covered by this state vector is on disk. */
function savedEvent(boardId: string, stateVector: Uint8Array): Parameters<ServerToClientEvents['board:saved']>[0] {
  return { boardId, stateVector: Buffer.from(stateVector).toString('base64') };
}
