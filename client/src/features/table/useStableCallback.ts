/**
 * A callback whose identity never changes but that always runs the latest `fn`, so memoised
 * rows given it do not re-render when the table's state (rows, active cell) changes.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
