/**
 * One shared minute clock for the table's time-dependent cells (time in stage, updated). Only
 * the cells that show a time subscribe to it, so a tick re-renders those few text nodes and no
 * row: a row re-renders only when its own deal, selection or columns change.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 60_000;

let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    // The clock stops while no table is open; the first cell to subscribe again sets it right.
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;

/** The current time in ms, refreshed once a minute for every subscriber at once. */
export function useTableClock(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
