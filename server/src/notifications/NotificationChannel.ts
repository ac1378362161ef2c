/**
 * Where a notification goes once it is stored. The Socket.IO channel is the one built in;
 * an email sender would be another implementation (it would read the person's settings and
 * batch), added to the list in createServer without touching the notifier.
 */
import type { Notification } from '../../../shared/src/notifications';

export interface NotificationChannel {
  /** A new notification for `userId` (already stored, never the person's own action). */
  added(userId: string, notification: Notification): void;
  /** Notifications were read (on some tab or device): every channel that shows them follows. */
  read(userId: string, payload: { ids: string[] } | { all: true }): void;
}
