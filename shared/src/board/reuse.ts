/**
 * Identity-preserving reuse for derived views. Records keep their identity while unchanged
 * (cache.ts); a list built from them is handed back as the previous list when it holds the
 * same records, so `useSyncExternalStore` readers and memoised components see "no change"
 * and do not re-render: a remote move re-renders the two lanes it touched, not the board.
 */

/** Whether `a` and `b` hold the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `previous` when it holds the same items as `next`, else `next`. */
export function reuseList<T>(previous: T[] | undefined, next: T[]): T[] {
  return previous && sameItems(previous, next) ? previous : next;
}
