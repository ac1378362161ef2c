/**
 * Every few seconds (several processes only), reads again who may still hold each of this
 * process's Socket.IO sockets: its session or token, and its membership of every board it
 * joined. Access changes are broadcast through the Socket.IO adapter, which Redis carries;
 * this keeps revocation holding while Redis is down. Fails closed: a socket whose access
 * cannot be checked (the store is down) is disconnected; it reconnects through a fresh
 * handshake.
 */
import type { Store } from '../store/Store';
import { credentialValid } from '../auth/credentialValid';
import { log } from '../log';
import { boardRoomName, type LiveServer } from './liveEvents';

const BOARD_ROOM_PREFIX = boardRoomName('');

/** Starts the recheck; returns its stop. */
export function recheckSocketsEvery(io: LiveServer, store: Pick<Store, 'getSessionUser' | 'getTokenUser' | 'getRole'>, intervalMs: number): () => void {
  let running = false;
  const recheck = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await recheckSockets(io, store);
    } catch (error) {
      log.warn('realtime', 'socket access recheck failed', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void recheck(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function recheckSockets(io: LiveServer, store: Pick<Store, 'getSessionUser' | 'getTokenUser' | 'getRole'>): Promise<void> {
  const credentials = new Map<string, Promise<boolean>>();
  const roles = new Map<string, Promise<boolean>>();
  for (const socket of [...io.of('/').sockets.values()]) {
    const { credential, user } = socket.data;
    if (!credential || !user) continue;
    try {
      let valid = credentials.get(credential);
      if (!valid) credentials.set(credential, (valid = credentialValid(store, credential)));
      if (!(await valid)) {
        socket.disconnect(true);
        continue;
      }
      for (const room of [...socket.rooms]) {
        if (!room.startsWith(BOARD_ROOM_PREFIX)) continue;
        const boardId = room.slice(BOARD_ROOM_PREFIX.length);
        const key = `${boardId} ${user.id}`;
        let member = roles.get(key);
        if (!member) roles.set(key, (member = store.getRole(boardId, user.id).then((role) => role !== null)));
        if (await member) continue;
        void socket.leave(room);
        socket.emit('board:access', { boardId, role: null });
      }
    } catch {
      socket.disconnect(true);
    }
  }
}
