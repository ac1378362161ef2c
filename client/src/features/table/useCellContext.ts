/**
 * The cells' context (people's names), kept while the names stay the same. The session's map
 * of people is new on every presence change (someone moves to another row, opens a deal,
 * joins), and a new context re-renders every row on screen; so the context follows the names
 * alone, and a presence change re-renders only the rows whose peers changed.
 */
import { useMemo } from 'react';
import type { Person } from '../board/boardSession';
import type { CellContext } from './tableColumns';

const FIELD = '\u0000';
const ENTRY = '\u0001';

export function useCellContext(people: ReadonlyMap<string, Person>): CellContext {
  const names = useMemo(
    () =>
      [...people.values()]
        .map((p) => `${p.id}${FIELD}${p.name}`)
        .sort()
        .join(ENTRY),
    [people],
  );
  return useMemo(() => {
    const byId = new Map(names ? names.split(ENTRY).map((entry) => entry.split(FIELD) as [string, string]) : []);
    return { ownerName: (id) => (id ? (byId.get(id) ?? 'Former member') : '') };
  }, [names]);
}
