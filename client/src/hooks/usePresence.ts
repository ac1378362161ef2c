/**
 * Who else is on the board, from awareness. The server stamps each state's `user`; everything
 * else (open deal, drag, typing, caret) is what that client published. Snapshots are cached per
 * awareness change, and each deal's viewer list keeps its identity while its content is the same,
 * so a card re-renders only when its own viewers change.
 */
import { useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { safeColor } from '../lib/color';

export interface Peer {
  clientId: number;
  userId: string;
  name: string;
  color: string;
  openDealId: string | null;
  draggingDealId: string | null;
  typingIn: string | null;
  cursor: { dealId: string; anchor: unknown; head: unknown } | null;
  /** The deal whose row they are on in the table view. */
  tableRow: string | null;
}

export interface DealViewer {
  userId: string;
  name: string;
  color: string;
  mode: 'open' | 'dragging';
}

export interface PresenceSnapshot {
  peers: Peer[];
  /** Distinct people (a person with two tabs is listed once). */
  people: Peer[];
  byDeal: Map<string, DealViewer[]>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function readPeer(clientId: number, state: Record<string, unknown>): Peer | null {
  const user = state.user as { id?: unknown; name?: unknown; color?: unknown } | undefined;
  const userId = str(user?.id);
  if (!userId) return null;
  const cursor = state.cursor as Peer['cursor'] | undefined;
  return {
    clientId,
    userId,
    name: str(user?.name) ?? 'Someone',
    color: safeColor(str(user?.color), '#6366f1'),
    openDealId: str(state.openDealId),
    draggingDealId: str(state.draggingDealId),
    typingIn: str(state.typingIn),
    tableRow: str(state.tableRow),
    cursor: cursor && typeof cursor === 'object' && typeof cursor.dealId === 'string' ? cursor : null,
  };
}

const stores = new WeakMap<Awareness, { get: () => PresenceSnapshot; subscribe: (cb: () => void) => () => void }>();

function presenceStore(awareness: Awareness, selfUserId: string | null) {
  let store = stores.get(awareness);
  if (store) return store;
  let snapshot: PresenceSnapshot = { peers: [], people: [], byDeal: new Map() };
  const viewerKeys = new Map<string, string>();

  const compute = () => {
    const peers: Peer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const p = readPeer(clientId, state as Record<string, unknown>);
      if (p) peers.push(p);
    });
    peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
    const seen = new Set<string>();
    const people = peers.filter((p) => (seen.has(p.userId) ? false : (seen.add(p.userId), true)));
    const fresh = new Map<string, DealViewer[]>();
    for (const p of peers) {
      // My own other tabs are not news on a card.
      if (p.userId === selfUserId) continue;
      const add = (dealId: string | null, mode: DealViewer['mode']) => {
        if (!dealId) return;
        const list = fresh.get(dealId) ?? [];
        if (!list.some((v) => v.userId === p.userId && v.mode === mode)) list.push({ userId: p.userId, name: p.name, color: p.color, mode });
        fresh.set(dealId, list);
      };
      add(p.draggingDealId, 'dragging');
      add(p.openDealId, 'open');
    }
    const byDeal = new Map<string, DealViewer[]>();
    for (const [dealId, list] of fresh) {
      const key = list.map((v) => `${v.userId}|${v.name}|${v.color}|${v.mode}`).join(',');
      const prev = snapshot.byDeal.get(dealId);
      byDeal.set(dealId, prev && viewerKeys.get(dealId) === key ? prev : list);
      viewerKeys.set(dealId, key);
    }
    for (const id of [...viewerKeys.keys()]) if (!byDeal.has(id)) viewerKeys.delete(id);
    snapshot = { peers, people, byDeal };
  };
  compute();
  const listeners = new Set<() => void>();
  awareness.on('change', () => {
    compute();
    listeners.forEach((l) => l());
  });
  store = {
    get: () => snapshot,
    subscribe: (cb: () => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  stores.set(awareness, store);
  return store;
}

/** `selfUserId`: my own id, so my other tabs do not mark cards (the first caller for an awareness sets it). */
export function usePresence(awareness: Awareness, selfUserId: string | null = null): PresenceSnapshot {
  const store = presenceStore(awareness, selfUserId);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

export const NO_VIEWERS: DealViewer[] = [];
