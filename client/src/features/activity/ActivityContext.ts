/**
 * What the activity features of an open board share: the board's feed, the read mark, the
 * watch choices, the toast list and whether the panel is open. Created once per open board by
 * `useActivityController` (BoardLayout) and read anywhere below with `useActivity()`.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { ActivityEvent } from '../../../../shared/src/events';
import { useBoardSession } from '../board/boardSession';
import { ActivityFeed } from './activityFeed';
import { ReadMarker } from './readMarker';
import { WatchStore } from './watchStore';
import { DealToastStore } from './toastStore';
import { dealLabel, outcomeOf, toastText } from './words';

export interface ActivityController {
  feed: ActivityFeed;
  marker: ReadMarker;
  watches: WatchStore;
  toasts: DealToastStore;
  panelOpen: boolean;
  setPanelOpen: (open: boolean) => void;
}

export const ActivityContext = createContext<ActivityController | null>(null);

export function useActivity(): ActivityController {
  const a = useContext(ActivityContext);
  if (!a) throw new Error('useActivity outside an open board');
  return a;
}

/** The board's activity state; call once per open board and provide it with ActivityContext. */
export function useActivityController(): ActivityController {
  const { conn, me, boardId } = useBoardSession();
  const [feed] = useState(() => new ActivityFeed(conn));
  const [marker] = useState(() => new ReadMarker(me.id, boardId));
  const [watches] = useState(() => new WatchStore(me.id, boardId, conn.socket));
  const [toasts] = useState(() => new DealToastStore());
  const [panelOpen, setPanelOpen] = useState(false);

  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);

  // Toasts come from live events only: a page loaded later (or a gap filled after a reconnect) is
  // history, not news. An event can beat the document's first sync (the socket joins first): hold
  // it until the deal can be looked up.
  useEffect(() => {
    const held: ActivityEvent[] = [];
    const consider = (event: ActivityEvent) => {
      const toast = toastFor(event, me.id, (dealId) => {
        const deal = conn.store.deal(dealId);
        return deal && !deal.invalid
          ? { label: dealLabel(deal), watched: watches.isWatching(dealId, deal.ownerId) }
          : { label: null, watched: watches.isWatching(dealId, null) };
      });
      if (toast) toasts.push(toast);
    };
    const offSynced = conn.synced.subscribe(() => {
      if (conn.synced.get()) for (const e of held.splice(0)) consider(e);
    });
    const offActivity = conn.onActivity((event) => (conn.synced.get() ? consider(event) : held.push(event)));
    return () => {
      offSynced();
      offActivity();
    };
  }, [conn, me.id, watches, toasts]);

  return useMemo(() => ({ feed, marker, watches, toasts, panelOpen, setPanelOpen }), [feed, marker, watches, toasts, panelOpen]);
}

/**
 * The toast an event deserves, if any: a deal entering a won or lost column, for everyone on the
 * board; any other move of a deal I watch; never my own doing.
 */
export function toastFor(event: ActivityEvent, meId: string, lookup: (dealId: string) => { label: string | null; watched: boolean }) {
  if (event.actor.id === meId || !event.dealId) return null;
  if (event.type !== 'deal.moved' && event.type !== 'deal.created') return null;
  const outcome = outcomeOf(event);
  const { label, watched } = lookup(event.dealId);
  if (!outcome && !(event.type === 'deal.moved' && watched)) return null;
  const name = label ?? fallbackLabel(event);
  return { id: event.id, event, dealId: event.dealId, text: toastText(event, name) };
}

/** The deal's name when it is not in the document (deleted, or created while this client was away). */
function fallbackLabel(event: ActivityEvent): string {
  const { title, acquirer, target } = event.type === 'deal.created' ? event.data : { title: null, acquirer: null, target: null };
  if (typeof title === 'string')
    return dealLabel({ title, acquirer: typeof acquirer === 'string' ? acquirer : '', target: typeof target === 'string' ? target : '' });
  // The server's sentence names it: "Bob moved Amazon → OpenAI from In talks to Agreed".
  const named = / moved (.+) from /.exec(event.summary.slice(event.actor.name.length));
  return named?.[1] ?? 'a deal';
}
