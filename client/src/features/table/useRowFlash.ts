/**
 * Remote changes flash in place: when another person's edit reaches a deal, its row (if on
 * screen) replays a short highlight. Done on the DOM after React's commit, so no row
 * re-renders just to flash.
 */
import { useEffect, type RefObject } from 'react';
import type { BoardStore } from '../../hooks/boardStore';

export function useRowFlash(store: BoardStore, container: RefObject<HTMLElement | null>): void {
  useEffect(
    () =>
      store.onRemoteChange((change) => {
        const ids = [...change.updated];
        requestAnimationFrame(() => {
          for (const id of ids) {
            const row = container.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`);
            if (!row) continue;
            row.classList.remove('table-row-flash');
            void row.offsetWidth; // restart the animation
            row.classList.add('table-row-flash');
          }
        });
      }),
    [store, container],
  );
}
