/** One InboxStore per signed-in person for the whole app (every page's header shares it). */
import { useEffect, useSyncExternalStore } from 'react';
import { InboxStore, type InboxSnapshot } from './inboxStore';
import { toast } from '../../ui/toast';
import { boardHref, navigate } from '../../lib/route';

let current: { userId: string; store: InboxStore } | null = null;

export function inboxFor(userId: string): InboxStore {
  if (current?.userId !== userId) {
    current?.store.stop();
    const store = new InboxStore();
    store.onToast = (n) => toast(n.summary, 'info', { label: 'Open', run: () => navigate(boardHref(n.boardId, n.dealId ?? null)) });
    current = { userId, store };
  }
  return current.store;
}

export function useInbox(userId: string): [InboxStore, InboxSnapshot] {
  const store = inboxFor(userId);
  useEffect(() => store.start(), [store]);
  return [store, useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)];
}
