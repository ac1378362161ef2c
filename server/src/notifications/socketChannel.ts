/** The live channel: every socket of the person is in room `user:<id>` from its connection on. */
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/events';
import { userRoomName } from '../realtime/liveEvents';
import type { NotificationChannel } from './NotificationChannel';

export function socketChannel(io: Server<ClientToServerEvents, ServerToClientEvents>): NotificationChannel {
  return {
    added(userId, notification) {
      io.to(userRoomName(userId)).emit('notification:added', notification);
    },
    read(userId, payload) {
      io.to(userRoomName(userId)).emit('notification:read', payload);
    },
  };
}
