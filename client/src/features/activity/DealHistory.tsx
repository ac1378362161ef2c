/**
 * A deal's history in the drawer: the stages it went through with the time spent in each
 * ("In talks · 12 days"), then what people did to it — moves, field changes with their values,
 * comments — newest first. From `GET …/activity?dealId=` plus live events for the deal.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import type { Deal } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { useNow } from '../../hooks/useNow';
import { formatDate, formatRelative, formatTimestamp } from '../../lib/format';
import { safeColor } from '../../lib/color';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from '../board/boardSession';
import { ActivityFeed } from './activityFeed';
import { ActorAvatar } from './ActorAvatar';
import { EventDetails } from './EventDetails';
import { stageHistory, type StageSpan } from './stages';
import { formatSpan } from './time';
import { usePersonName } from './values';
import { timelineSentence, type ValueContext } from './words';
import { RestoreButton } from '../history/RestoreButton';

export function DealHistory({ deal }: { deal: Deal }) {
  const { conn, people, boardId, readOnly } = useBoardSession();
  const columns = useBoard((b) => b.columns());
  const [feed] = useState(() => new ActivityFeed(conn, { dealId: deal.id, pageSize: 100 }));
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);
  const now = useNow(30_000);
  const personName = usePersonName();
  const values: ValueContext = useMemo(
    () => ({ currency: deal.currency, qualifier: deal.amountQualifier, personName }),
    [deal.currency, deal.amountQualifier, personName],
  );
  const spans = useMemo(() => stageHistory(snap.events, deal, columns, now), [snap.events, deal, columns, now]);

  return (
    <div className="deal-history" data-testid="deal-history">
      <section aria-labelledby={`stages-${deal.id}`}>
        <h3 className="section-title" id={`stages-${deal.id}`}>
          Stage history
        </h3>
        {snap.status === 'loading' ? <div className="skeleton history-skeleton" aria-busy="true" /> : <StageTrack spans={spans} now={now} />}
      </section>
      <section aria-labelledby={`timeline-${deal.id}`}>
        <h3 className="section-title" id={`timeline-${deal.id}`}>
          Activity{' '}
          {snap.events.length > 0 ? (
            <span className="section-count">
              {snap.events.length}
              {snap.hasMore ? '+' : ''}
            </span>
          ) : null}
        </h3>
        {snap.status === 'error' ? (
          <div className="history-error" role="alert">
            <Icon name="alert" size={14} /> Could not load this deal’s history. {snap.error}{' '}
            <button type="button" className="link-btn" onClick={() => feed.retry()}>
              Try again
            </button>
          </div>
        ) : null}
        {snap.status === 'ready' && snap.events.length === 0 ? <p className="muted history-empty">Nothing recorded for this deal yet.</p> : null}
        <ol className="timeline">
          {snap.events.map((e) => (
            <TimelineItem
              key={e.id}
              event={e}
              color={people.get(e.actor.id)?.color ?? null}
              values={values}
              now={now}
              live={snap.live.has(e.id)}
              restore={readOnly ? null : boardId}
            />
          ))}
        </ol>
        {snap.hasMore ? (
          <button type="button" className="btn btn-ghost btn-sm history-more" disabled={snap.loadingOlder} onClick={() => feed.loadOlder()}>
            {snap.loadingOlder ? 'Loading…' : 'Show earlier activity'}
          </button>
        ) : null}
      </section>
    </div>
  );
}

function StageTrack({ spans, now }: { spans: StageSpan[]; now: number }) {
  const known = spans.reduce((sum, s) => sum + (s.ms ?? 0), 0);
  return (
    <div className="stage-track">
      {known > 0 && spans.length > 1 ? (
        <div className="stage-bar" aria-hidden="true">
          {spans.map((s, i) => (
            <span
              key={i}
              style={{ flexGrow: Math.max(s.ms ?? 0, known * 0.04), background: safeColor(s.color) }}
              title={`${s.name}: ${s.ms === null ? 'unknown' : formatSpan(s.ms)}`}
            />
          ))}
        </div>
      ) : null}
      <ol className="stage-list">
        {spans.map((s, i) => (
          <li key={i} className={`stage-row${s.current ? ' is-current' : ''}`} style={{ ['--stage' as string]: safeColor(s.color) }} data-testid="stage-row">
            <span className="stage-node" aria-hidden="true" />
            <span className="stage-label">
              <span className="stage-name">{s.name}</span>
              <span className="stage-sep"> · </span>
              <span className="stage-duration">{s.ms === null ? 'time unknown' : formatSpan(s.ms)}</span>
            </span>
            {s.current ? <span className="stage-now">{s.outcome === 'won' ? 'Won' : s.outcome === 'lost' ? 'Lost' : 'Now'}</span> : null}
            <span className="spacer" />
            <span className="stage-when" title={s.start ? formatTimestamp(s.start) : undefined}>
              {span(s, now)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** "Jan 3 – Jan 15", "Jan 3" (within one day), "since Jan 15" (current), "until Jan 3" (start unknown). */
function span(s: StageSpan, now: number): string {
  const day = (iso: string) => formatDate(localDay(iso), new Date(now));
  if (!s.start) return s.end ? `until ${day(s.end)}` : '';
  if (!s.end) return `since ${day(s.start)}`;
  const from = day(s.start);
  const to = day(s.end);
  return from === to ? from : `${from} – ${to}`;
}

function localDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `restore`: the board id when I may restore what this entry changed (editors), else null. */
function TimelineItem({
  event,
  color,
  values,
  now,
  live,
  restore,
}: {
  event: ActivityEvent;
  color: string | null;
  values: ValueContext;
  now: number;
  live: boolean;
  restore: string | null;
}) {
  return (
    <li className={`timeline-item${live ? ' is-live' : ''}`} data-type={event.type}>
      <ActorAvatar event={event} color={color} size={26} />
      <div className="timeline-main">
        <p className="timeline-text">
          <strong>{event.actor.name}</strong> {timelineSentence(event)}
        </p>
        <EventDetails event={event} values={values} />
        <time className="activity-time" dateTime={event.at} title={formatTimestamp(event.at)}>
          {formatRelative(event.at, now)}
        </time>
        {restore ? <RestoreButton boardId={restore} event={event} /> : null}
      </div>
    </li>
  );
}
