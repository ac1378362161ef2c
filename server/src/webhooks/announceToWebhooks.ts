/**
 * Every activity the server announces (after its commit) also goes to the board's
 * webhooks: document edits from the rooms and REST-made events (renames, members) alike.
 */
import type { LiveEvents } from '../realtime/liveEvents';
import type { WebhookDispatcher } from './WebhookDispatcher';

export function announceToWebhooks(live: LiveEvents, webhooks: WebhookDispatcher): LiveEvents {
  return {
    ...live,
    activity(boardId, events) {
      live.activity(boardId, events);
      void webhooks.enqueue(boardId, events);
    },
  };
}
