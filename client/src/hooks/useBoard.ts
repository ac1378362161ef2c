/**
 * The one way the UI reads the board document: `useBoard(selector)`.
 * Built on useSyncExternalStore over the BoardStore (the shared selectors' cached snapshots,
 * one notification per transaction), so a component re-renders only when what its selector
 * returns changes identity.
 * @example const deal = useBoard((b) => b.deal(dealId));
 */
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react';
import type { BoardStore } from './boardStore';

export const BoardStoreContext = createContext<BoardStore | null>(null);

export function useBoardStore(): BoardStore {
  const store = useContext(BoardStoreContext);
  if (!store) throw new Error('useBoard needs a BoardStoreContext provider');
  return store;
}

export function useBoard<T>(selector: (board: BoardStore) => T, isEqual: (a: T, b: T) => boolean = Object.is): T {
  const store = useBoardStore();
  const cache = useRef<{ version: number; selector: (board: BoardStore) => T; value: T } | null>(null);
  const getSnapshot = useCallback((): T => {
    const c = cache.current;
    if (c && c.version === store.version && c.selector === selector) return c.value;
    const next = selector(store);
    const value = c && isEqual(c.value, next) ? c.value : next;
    cache.current = { version: store.version, selector, value };
    return value;
  }, [store, selector, isEqual]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}

/** Shallow equality for arrays of snapshots (e.g. a list of deals). */
export function shallowArrayEqual<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
