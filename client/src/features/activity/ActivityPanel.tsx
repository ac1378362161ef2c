/**
 * The board's activity, right of the board (left of an open deal drawer): live events on top,
 * grouped by day, older pages loading as you scroll down. Clicking an entry opens its deal.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import type { Deal } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { useNow } from '../../hooks/useNow';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from '../board/boardSession';
import { useActivity } from './ActivityContext';
import { WatchAllToggle } from './WatchButton';
import { ActivityEntry } from './ActivityEntry';
import { dayHeading, dayKey } from './time';
import { useValueContexts } from './values';
import { ImportBeforeUndoNote, ImportUndoButton } from '../import/ImportUndoButton';
import { importBeforeUndo, undoableImportId } from '../import/importUndoRule';

/** Load the next page when the end of the list is this close (px). */
const LOAD_AHEAD_PX = 320;

export function ActivityPanel() {
  const { feed, marker, setPanelOpen } = useActivity();
  const { people, openDeal, me, role } = useBoardSession();
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);
  // What was read when the panel opened: newer entries get a dot while it stays open.
  const [readMark] = useState(() => marker.get());
  const now = useNow(30_000);
  const deals = useBoard((b) => b.deals());
  const dealsById = useMemo(() => new Map<string, Deal>(deals.map((d) => [d.id, d])), [deals]);
  const valuesFor = useValueContexts(dealsById);
  const scroller = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLElement>(null);

  const close = useCallback(() => setPanelOpen(false), [setPanelOpen]);

  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
  }, []);

  const maybeLoadOlder = useCallback(() => {
    const el = scroller.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_AHEAD_PX) feed.loadOlder();
  }, [feed]);

  // A short list does not scroll: keep loading until it fills the panel or the history ends.
  useEffect(() => {
    if (snap.status === 'ready' && !snap.loadingOlder && snap.hasMore) maybeLoadOlder();
  }, [snap, maybeLoadOlder]);

  const undoneImports = useMemo(() => new Set(snap.events.flatMap((e) => (e.type === 'deals.import_undone' ? [e.data.importId] : []))), [snap.events]);

  const groups = useMemo(() => {
    const out: Array<{ key: string; heading: string; events: ActivityEvent[] }> = [];
    for (const e of snap.events) {
      const key = dayKey(e.at);
      const last = out[out.length - 1];
      if (last?.key === key) last.events.push(e);
      else out.push({ key, heading: dayHeading(e.at, now), events: [e] });
    }
    return out;
  }, [snap.events, now]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };

  return (
    <aside
      id="activity-panel"
      className="activity-panel"
      aria-labelledby="activity-title"
      ref={panel}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-testid="activity-panel"
    >
      <header className="activity-head">
        <Icon name="activity" size={16} className="activity-head-icon" />
        <h2 id="activity-title" className="activity-title">
          Activity
        </h2>
        <span className="spacer" />
        <WatchAllToggle />
        <button type="button" className="icon-btn" aria-label="Close activity" title="Close (Esc)" onClick={close}>
          <Icon name="x" />
        </button>
      </header>
      <div className="activity-scroll" ref={scroller} onScroll={maybeLoadOlder}>
        {snap.status === 'loading' && snap.events.length === 0 ? <ActivitySkeleton /> : null}
        {snap.status === 'error' && snap.events.length === 0 ? (
          <div className="activity-empty" role="alert">
            <Icon name="alert" size={20} />
            <p>Could not load the activity. {snap.error}</p>
            <button type="button" className="btn btn-sm" onClick={() => feed.retry()}>
              Try again
            </button>
          </div>
        ) : null}
        {snap.status === 'ready' && snap.events.length === 0 ? (
          <div className="activity-empty">
            <span className="activity-empty-icon">
              <Icon name="activity" size={20} />
            </span>
            <p>No activity yet. Moves, edits and comments show up here as they happen.</p>
          </div>
        ) : null}
        {groups.map((g) => (
          <section key={g.key} className="activity-day" aria-label={g.heading}>
            <h3 className="activity-day-title">{g.heading}</h3>
            <ol className="activity-list">
              {g.events.map((e) => (
                <ActivityEntry
                  key={e.id}
                  event={e}
                  color={people.get(e.actor.id)?.color ?? null}
                  values={valuesFor(e.dealId)}
                  now={now}
                  unread={readMark !== null && e.id > readMark && e.actor.id !== me.id}
                  live={snap.live.has(e.id)}
                  onOpen={e.dealId && dealsById.has(e.dealId) ? openDeal : undefined}
                  action={(() => {
                    const importId = undoableImportId(e, me.id, role, undoneImports);
                    if (importId) return <ImportUndoButton importId={importId} />;
                    return importBeforeUndo(e, me.id, role) ? <ImportBeforeUndoNote /> : undefined;
                  })()}
                />
              ))}
            </ol>
          </section>
        ))}
        {snap.events.length > 0 ? (
          <div className="activity-foot" aria-live="polite">
            {snap.loadingOlder ? (
              <>
                <span className="spinner" aria-hidden="true" /> Loading earlier activity…
              </>
            ) : snap.hasMore ? (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => feed.loadOlder()}>
                Load earlier activity
              </button>
            ) : (
              'This is where the board’s history begins.'
            )}
          </div>
        ) : null}
      </div>
    </aside>
  );
}

function ActivitySkeleton() {
  return (
    <div className="activity-skeleton" aria-busy="true" aria-label="Loading activity">
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="activity-skeleton-row">
          <span className="skeleton activity-skeleton-avatar" />
          <span className="activity-skeleton-lines">
            <span className="skeleton activity-skeleton-line" />
            <span className="skeleton activity-skeleton-line short" />
          </span>
        </div>
      ))}
    </div>
  );
}
