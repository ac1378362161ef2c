/**
 * The activity parts that float over the board: the panel (when open) and the deal toasts, plus
 * keeping the read mark: the first load of a board marks its history read, and while the panel
 * is open everything that arrives is read.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useActivity } from './ActivityContext';
import { ActivityPanel } from './ActivityPanel';
import { DealToasts } from './DealToasts';

export function ActivityLayer() {
  const { feed, marker, panelOpen } = useActivity();
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);

  useEffect(() => {
    if (snap.status !== 'ready') return;
    const newest = snap.events[0]?.id;
    // Ids sort by time; '0' sorts before every id ("nothing read yet, and nothing to read").
    if (marker.get() === null) marker.markRead(newest ?? '0');
    else if (panelOpen && newest) marker.markRead(newest);
  }, [snap, panelOpen, marker]);

  return (
    <>
      {panelOpen ? <ActivityPanel /> : null}
      <DealToasts />
    </>
  );
}
