/**
 * Every activity the server announces (after its commit) also goes to the notifier: document
 * edits from the rooms and REST-made events (members, renames) alike.
 */
import type { LiveEvents } from '../realtime/liveEvents';
import type { NotificationCenter } from './NotificationCenter';

export function announceToNotifications(live: LiveEvents, notifications: NotificationCenter): LiveEvents {
  return {
    ...live,
    activity(boardId, events) {
      live.activity(boardId, events);
      notifications.handle(boardId, events);
    },
  };
}
