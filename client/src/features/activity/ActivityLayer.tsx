/**
 * The activity parts that float over the board: the panel (when open) and the deal toasts, plus
 * keeping the read mark: the first load of a board marks its history read, and while the panel
 * is open everything that arrives is read.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useActivity } from './ActivityContext';
import { ActivityPanel } from './ActivityPanel';
import { DealToasts } from './DealToasts';
import { useAwaySummary } from './awaySummary';

export function ActivityLayer() {
  const { feed, marker, panelOpen } = useActivity();
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);
  useAwaySummary();

  useEffect(() => {
    if (snap.status !== 'ready') return;
    const newest = snap.events[0]?.id;
    if (marker.get() === null) {
      // First visit: the history so far is read; what arrived live meanwhile is news. Ids sort by
      // time, and '0' sorts before every id ("nothing read yet").
      marker.markRead(snap.events.find((e) => !snap.live.has(e.id))?.id ?? '0');
    } else if (panelOpen && newest) marker.markRead(newest);
  }, [snap, panelOpen, marker]);

  return (
    <>
      {panelOpen ? <ActivityPanel /> : null}
      <DealToasts />
    </>
  );
}
