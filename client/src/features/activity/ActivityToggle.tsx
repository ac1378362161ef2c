/** The board header's activity button; its badge counts events by others since the panel was last open. */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from '../board/boardSession';
import { useActivity } from './ActivityContext';
import { countUnread } from './readMarker';

export function ActivityToggle() {
  const { feed, marker, panelOpen, setPanelOpen } = useActivity();
  const { me } = useBoardSession();
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);
  const mark = useSyncExternalStore(marker.subscribe, marker.get, marker.get);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(panelOpen);
  const unread = panelOpen ? 0 : countUnread(snap.events, mark, me.id);
  const shown = unread > 99 ? '99+' : String(unread);

  // Closing the panel (Esc, its close button) removes the focused element: give focus back here.
  useEffect(() => {
    if (wasOpen.current && !panelOpen && (document.activeElement === document.body || document.activeElement === null)) button.current?.focus();
    wasOpen.current = panelOpen;
  }, [panelOpen]);

  return (
    <button
      ref={button}
      type="button"
      className={`icon-btn activity-toggle${panelOpen ? ' is-open' : ''}`}
      aria-expanded={panelOpen}
      aria-controls={panelOpen ? 'activity-panel' : undefined}
      aria-label={unread > 0 ? `Activity, ${shown} unread` : 'Activity'}
      title={unread > 0 ? `Activity: ${shown} new` : 'Activity'}
      onClick={() => setPanelOpen(!panelOpen)}
      data-testid="activity-toggle"
    >
      <Icon name="activity" size={17} />
      {unread > 0 ? (
        <span className="activity-badge" aria-hidden="true" data-testid="activity-unread">
          {shown}
        </span>
      ) : null}
    </button>
  );
}
