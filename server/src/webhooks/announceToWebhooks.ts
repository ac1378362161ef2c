/**
 * Every activity the server announces (after its commit, which also queued the webhook
 * deliveries in the store) wakes the webhook dispatcher: document edits from the rooms
 * and REST-made events (renames, members) alike.
 */
import type { LiveEvents } from '../realtime/liveEvents';
import type { WebhookDispatcher } from './WebhookDispatcher';

export function announceToWebhooks(live: LiveEvents, webhooks: WebhookDispatcher): LiveEvents {
  return {
    ...live,
    activity(boardId, events) {
      live.activity(boardId, events);
      if (events.length > 0) webhooks.kick();
    },
  };
}
