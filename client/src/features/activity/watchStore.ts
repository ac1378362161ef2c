/**
 * Which deals a person watches on a board, kept on the server (`/api/me/watches`), so the
 * choice follows the person to every browser and device and decides what the server notifies
 * them of. Explicit choices only: `{dealId: true | false}`, plus `'*'` for "watch all deals". A
 * deal without a choice is watched when the person owns it (`ownerId === me`) or watches the
 * whole board; an unwatch sticks even while they stay owner. Choices an older version kept in
 * localStorage (`tranche:watch:<userId>:<boardId>`) are sent to the server once, then removed.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { notificationsApi } from '../notifications/notificationsApi';
import { ApiError } from '../../api';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/src/events';
import { watchesDeal } from '../../../../shared/src/notifications';

const ignoreGone = (err: unknown): void => {
  if (!(err instanceof ApiError && err.status === 404)) throw err;
};

/** The key of the board-wide choice ("watch all deals"). */
export const ALL_DEALS = '*';

export type WatchChoices = Readonly<Record<string, boolean>>;

export class WatchStore {
  private choices: WatchChoices;
  private listeners = new Set<() => void>();
  private readonly key: string;

  constructor(
    readonly userId: string,
    private readonly boardId: string,
    /** The board's socket: it also hears the person's `watch:changed` (another device, or auto-watch). */
    socket?: Pick<Socket<ServerToClientEvents, ClientToServerEvents>, 'on'>,
  ) {
    this.key = `tranche:watch:${userId}:${boardId}`;
    this.choices = read(this.key); // what this browser had, until the server answers
    socket?.on('watch:changed', (watch) => {
      if (watch.boardId !== this.boardId) return;
      this.choices = { ...this.choices, [watch.dealId ?? ALL_DEALS]: watch.watching };
      this.emit();
    });
    void this.load();
  }

  /** Loads the server's choices, first sending it what localStorage held (once). */
  private async load(): Promise<void> {
    try {
      const legacy = read(this.key);
      // (A deal deleted since is refused with 404: that choice is simply dropped.)
      for (const [dealId, watch] of Object.entries(legacy)) await notificationsApi.setWatch(this.boardId, dealId, watch).catch(ignoreGone);
      if (Object.keys(legacy).length > 0) localStorage.removeItem(this.key);
      const server: Record<string, boolean> = {};
      for (const w of await notificationsApi.watches()) if (w.boardId === this.boardId) server[w.dealId ?? ALL_DEALS] = w.watching;
      this.choices = server;
      this.emit();
    } catch {
      // offline or not allowed: keep what we have; the next open of the board tries again
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  getSnapshot = (): WatchChoices => this.choices;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Whether I watch the deal: my explicit choice, else whether I own it or watch the whole board. */
  isWatching(dealId: string, ownerId: string | null): boolean {
    return watching(this.choices, dealId, ownerId, this.userId);
  }

  /** Sets a choice (a deal id, or ALL_DEALS) here at once and on the server; put back if the server refuses. */
  set(dealId: string, watch: boolean): void {
    const before = this.choices;
    this.choices = { ...this.choices, [dealId]: watch };
    this.emit();
    notificationsApi.setWatch(this.boardId, dealId === ALL_DEALS ? null : dealId, watch).catch(() => {
      this.choices = before;
      this.emit();
    });
  }

  toggle(dealId: string, ownerId: string | null): void {
    this.set(dealId, !this.isWatching(dealId, ownerId));
  }
}

export function watching(choices: WatchChoices, dealId: string, ownerId: string | null, meId: string): boolean {
  return watchesDeal({ deal: choices[dealId], board: choices[ALL_DEALS], owner: ownerId === meId });
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
