/**
 * Which deals a person watches on a board.
 *
 * Stored in localStorage, per user and board (`tranche:watch:<userId>:<boardId>`), as explicit
 * choices only: `{dealId: true | false}`. A deal without a choice is watched when the person owns
 * it (`ownerId === me`), so owners follow their deals by default and an unwatch sticks even while
 * they stay owner. Why localStorage and not the document or the server: watching is a personal
 * notification preference, not board content — it must not sync to colleagues or show up in the
 * board's history, and the server sends every `activity:added` to everyone on the board anyway,
 * so the choice only decides what this browser toasts. The cost is that the choice does not
 * follow the person to another browser; a server-side preference can replace this store later
 * without touching its callers.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type WatchChoices = Readonly<Record<string, boolean>>;

export class WatchStore {
  private choices: WatchChoices;
  private listeners = new Set<() => void>();
  private readonly key: string;

  constructor(
    readonly userId: string,
    boardId: string,
  ) {
    this.key = `tranche:watch:${userId}:${boardId}`;
    this.choices = read(this.key);
  }

  getSnapshot = (): WatchChoices => this.choices;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) window.addEventListener('storage', this.onStorage);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) window.removeEventListener('storage', this.onStorage);
    };
  };

  /** Whether I watch the deal: my explicit choice, else whether I own it. */
  isWatching(dealId: string, ownerId: string | null): boolean {
    return watching(this.choices, dealId, ownerId, this.userId);
  }

  set(dealId: string, watch: boolean): void {
    this.choices = { ...this.choices, [dealId]: watch };
    try {
      localStorage.setItem(this.key, JSON.stringify(this.choices));
    } catch {
      // storage full or blocked: the choice lives for this page only
    }
    for (const l of this.listeners) l();
  }

  toggle(dealId: string, ownerId: string | null): void {
    this.set(dealId, !this.isWatching(dealId, ownerId));
  }

  private onStorage = (e: StorageEvent) => {
    if (e.key !== this.key) return;
    this.choices = read(this.key);
    for (const l of this.listeners) l();
  };
}

export function watching(choices: WatchChoices, dealId: string, ownerId: string | null, meId: string): boolean {
  const choice = choices[dealId];
  return choice ?? ownerId === meId;
}

function read(key: string): WatchChoices {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, boolean> = {};
    for (const [id, v] of Object.entries(parsed)) if (typeof v === 'boolean') out[id] = v;
    return out;
  } catch {
    return {};
  }
}

/** The current choices; re-renders when any changes (here or in another tab). */
export function useWatchChoices(store: WatchStore): WatchChoices {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** `[watched, toggle]` for one deal. */
export function useWatch(store: WatchStore, dealId: string, ownerId: string | null): [boolean, () => void] {
  const choices = useWatchChoices(store);
  const toggle = useCallback(() => store.toggle(dealId, ownerId), [store, dealId, ownerId]);
  return [watching(choices, dealId, ownerId, store.userId), toggle];
}
