/**
 * Which table columns a person shows and in what order, kept per user and board in
 * localStorage (a preference of this person on this device, not part of the shared board).
 */
import { useCallback, useState } from 'react';
import { COLUMN_BY_ID, DEFAULT_COLUMN_IDS } from './tableColumns';

const key = (userId: string, boardId: string) => `tranche.table.columns.${userId}.${boardId}`;

/** The stored column ids, known ones only, in order; the default set when nothing (valid) is stored. */
export function readColumnPrefs(userId: string, boardId: string): string[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(userId, boardId)) ?? 'null');
    if (Array.isArray(raw)) {
      const ids = [...new Set(raw.filter((id): id is string => typeof id === 'string' && COLUMN_BY_ID.has(id)))];
      if (ids.length > 0) return ids;
    }
  } catch {
    // Unreadable preferences fall back to the defaults.
  }
  return [...DEFAULT_COLUMN_IDS];
}

export function useColumnPrefs(userId: string, boardId: string): [string[], (ids: string[]) => void] {
  const [ids, setIds] = useState(() => readColumnPrefs(userId, boardId));
  const save = useCallback(
    (next: string[]) => {
      setIds(next);
      try {
        localStorage.setItem(key(userId, boardId), JSON.stringify(next));
      } catch {
        // Storage full or blocked: the choice still holds for this visit.
      }
    },
    [userId, boardId],
  );
  return [ids, save];
}
