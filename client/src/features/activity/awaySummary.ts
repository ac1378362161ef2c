/**
 * Back after being offline (or signed out): one line on what others changed meanwhile and any
 * conflicts with my edits, e.g. "While you were away: Bob changed 2 deals, Eve commented on 1
 * deal. 1 conflict with your edits: open the deal to see it." Told once my returning edits are
 * saved, since their conflicts are committed with them.
 */
import { useEffect } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import { useBoardSession } from '../board/boardSession';
import { toast } from '../../ui/toast';
import { useActivity } from './ActivityContext';
import { fetchActivityPage } from './activityApi';
import { noticeFor } from '../board/drawer/conflictNotices';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The summary of `events` (newer than when I went away), or null when there is nothing to tell. */
export function summarizeAway(events: ActivityEvent[], meId: string): string | null {
  const conflicts = events.filter((e) => noticeFor(e, meId) !== null).length;
  const byActor = new Map<string, { name: string; changed: Set<string>; commented: Set<string> }>();
  for (const e of events) {
    if (e.actor.id === meId || !e.dealId || e.type === 'deal.conflict') continue;
    const entry = byActor.get(e.actor.id) ?? { name: e.actor.name, changed: new Set<string>(), commented: new Set<string>() };
    (e.type.startsWith('comment.') ? entry.commented : entry.changed).add(e.dealId);
    byActor.set(e.actor.id, entry);
  }
  const parts = [...byActor.values()].map(({ name, changed, commented }) =>
    [
      changed.size ? `${name} changed ${plural(changed.size, 'deal')}` : '',
      commented.size ? `${changed.size ? '' : `${name} `}commented on ${plural(commented.size, 'deal')}` : '',
    ]
      .filter(Boolean)
      .join(' and '),
  );
  if (parts.length === 0 && conflicts === 0) return null;
  const others = parts.length ? `While you were away: ${parts.join(', ')}.` : 'While you were away, nobody else changed anything.';
  return conflicts ? `${others} ${plural(conflicts, 'conflict')} with your edits: open the deal to see it.` : others;
}

/** Watches the connection; after an absence, tells the summary as a toast. */
export function useAwaySummary(): void {
  const { conn, me, boardId } = useBoardSession();
  const { feed, marker } = useActivity();
  useEffect(() => {
    let awayFrom: string | null = null;
    let asking = false;
    const check = () => {
      const status = conn.status.get();
      if (status === 'offline' || status === 'reconnecting' || status === 'signed-out') {
        // Where "meanwhile" starts: the newest event held, else the last one read (opened offline).
        awayFrom ??= feed.getSnapshot().events[0]?.id ?? marker.get() ?? '';
        return;
      }
      if (awayFrom === null || status !== 'connected' || conn.save.get() !== 'saved' || asking) return;
      const since = awayFrom;
      awayFrom = null;
      if (!since) return;
      asking = true;
      fetchActivityPage(boardId, { limit: 100 }).then(
        (page) => {
          asking = false;
          const text = summarizeAway(
            page.filter((e) => e.id > since),
            me.id,
          );
          if (text) toast(text);
        },
        () => {
          asking = false;
        },
      );
    };
    const offStatus = conn.status.subscribe(check);
    const offSave = conn.save.subscribe(check);
    check();
    return () => {
      offStatus();
      offSave();
    };
  }, [conn, me.id, boardId, feed, marker]);
}
