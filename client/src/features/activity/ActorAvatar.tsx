/** The actor's avatar (same component and colours as everywhere) with a small mark for what they did. */
import type { ActivityEvent } from '../../../../shared/src/events';
import { Avatar } from '../../ui/Avatar';
import { Icon, type IconName } from '../../ui/Icon';
import { outcomeOf } from './words';

const TYPE_ICON: Partial<Record<ActivityEvent['type'], IconName>> = {
  'deal.created': 'plus',
  'deal.moved': 'arrowRight',
  'deal.updated': 'edit',
  'deal.archived': 'archive',
  'deal.restored': 'restore',
  'deal.deleted': 'trash',
  'deal.conflict': 'alert',
  'comment.added': 'message',
  'comment.edited': 'message',
  'comment.deleted': 'message',
  'comment.mentioned': 'message',
  'notes.mentioned': 'edit',
  'column.created': 'board',
  'column.renamed': 'board',
  'column.moved': 'board',
  'column.updated': 'board',
  'column.deleted': 'board',
  'member.changed': 'users',
  'board.renamed': 'edit',
  'deals.imported': 'download',
  'deals.import_undone': 'undo',
};

export function ActorAvatar({ event, color, size = 28 }: { event: ActivityEvent; color: string | null; size?: number }) {
  const outcome = outcomeOf(event);
  const icon: IconName | undefined = outcome === 'won' ? 'check' : outcome === 'lost' ? 'x' : TYPE_ICON[event.type];
  return (
    <span className="actor-avatar">
      <Avatar id={event.actor.id} name={event.actor.name} color={color} size={size} />
      {icon ? (
        <span className={`actor-mark${outcome ? ` actor-mark-${outcome}` : ''}`} aria-hidden="true">
          <Icon name={icon} size={8} strokeWidth={3.2} />
        </span>
      ) : null}
    </span>
  );
}
