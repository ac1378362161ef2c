/**
 * Activity events for changes made over REST rather than in the document:
 * membership and the board's name. The REST handler persists and emits them.
 */
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import type { Role } from '../../../shared/src/roles';
import { excerpt, withArticle } from './describe';
import { actorName, makeEvent } from './eventFactory';

/**
 * `member.changed`: `role` is the member's new role, or null when removed.
 * `data: {userId, name, role}`.
 * @example memberChangedEvent(boardId, owner, { userId: bob.id, name: 'Bob', role: 'editor' })
 *   // summary "Ada made Bob an editor"
 */
export function memberChangedEvent(
  boardId: string,
  actor: Actor,
  member: { userId: string; name: string; role: Role | null },
  at: Date = new Date(),
): ActivityEvent {
  const who = excerpt(member.name, 80) || 'a member';
  const summary = member.role === null ? `${actorName(actor)} removed ${who} from the board` : `${actorName(actor)} made ${who} ${withArticle(member.role)}`;
  return makeEvent({
    boardId,
    actor,
    type: 'member.changed',
    at,
    summary,
    data: { userId: member.userId, name: member.name, role: member.role },
  });
}

/**
 * `board.renamed`: `data: {from, to}`.
 * @example boardRenamedEvent(boardId, owner, { from: 'Pipeline', to: 'AI deals' })
 *   // summary "Ada renamed the board Pipeline to AI deals"
 */
export function boardRenamedEvent(boardId: string, actor: Actor, names: { from: string; to: string }, at: Date = new Date()): ActivityEvent {
  return makeEvent({
    boardId,
    actor,
    type: 'board.renamed',
    at,
    summary: `${actorName(actor)} renamed the board ${excerpt(names.from, 80)} to ${excerpt(names.to, 80)}`,
    data: { from: names.from, to: names.to },
  });
}
