/**
 * A membership change takes effect everywhere at once: the member's open Yjs connections,
 * their sockets (`board:access`) and the board's activity feed. Used by the members and
 * invitations routes.
 */
import type { Role } from '../../../shared/src/roles';
import type { Actor } from '../../../shared/src/events';
import { memberChangedEvent } from '../activity/restEvents';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { LiveEvents } from '../realtime/liveEvents';

export interface AnnounceDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
}

export async function announceMembership(
  deps: AnnounceDeps,
  boardId: string,
  actor: { id: string; name: string },
  member: { id: string; name: string },
  role: Role | null,
): Promise<void> {
  await deps.hub.setUserRole(boardId, member.id, role);
  deps.live.accessChanged(boardId, member.id, role);
  const by: Actor = { id: actor.id, name: actor.name };
  const event = memberChangedEvent(boardId, by, { userId: member.id, name: member.name, role });
  await deps.store.addActivity([event]);
  deps.live.activity(boardId, [event]);
}
