/** One line of the activity panel: who (avatar), what (the server's sentence, as text), when; opens the deal when there is one. */
import { memo, type ReactNode } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { ActorAvatar } from './ActorAvatar';
import { EventDetails } from './EventDetails';
import { splitSummary, type ValueContext } from './words';

export const ActivityEntry = memo(function ActivityEntry({
  event,
  color,
  values,
  now,
  unread,
  live,
  onOpen,
  action,
}: {
  event: ActivityEvent;
  color: string | null;
  values: ValueContext;
  now: number;
  unread: boolean;
  live: boolean;
  /** Opens the deal; absent when the event has no deal or the deal is gone. */
  onOpen?: (dealId: string) => void;
  /** A button beside the entry (Undo on an import, for its importer). */
  action?: ReactNode;
}) {
  const { actor, rest } = splitSummary(event);
  const body = (
    <>
      <ActorAvatar event={event} color={color} />
      <span className="activity-main">
        <span className="activity-text">
          {actor ? <strong>{actor}</strong> : null}
          {rest}
        </span>
        <EventDetails event={event} values={values} />
        <time className="activity-time" dateTime={event.at} title={formatTimestamp(event.at)}>
          {formatRelative(event.at, now)}
        </time>
      </span>
      {unread ? <span className="activity-unread-dot" title="New since you last looked" /> : null}
    </>
  );
  const dealId = event.dealId;
  return (
    <li className={`activity-entry${unread ? ' is-unread' : ''}${live ? ' is-live' : ''}`} data-event-id={event.id} data-type={event.type}>
      {onOpen && dealId ? (
        <button type="button" className="activity-item activity-item-link" onClick={() => onOpen(dealId)}>
          {body}
        </button>
      ) : (
        <div className="activity-item">{body}</div>
      )}
      {action}
    </li>
  );
});
