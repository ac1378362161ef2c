/** How to format a deal's values in activity: its currency and qualifier now, and people's names. */
import { useCallback, useMemo } from 'react';
import type { Deal } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { useBoardSession } from '../board/boardSession';
import type { ValueContext } from './words';

/** A person's name for an owner change: members and people online, me, else "a former member". */
export function usePersonName(): (userId: string) => string {
  const { people, me } = useBoardSession();
  return useCallback((id: string) => people.get(id)?.name ?? (id === me.id ? me.name : id === 'system' ? 'Tranche' : 'a former member'), [people, me]);
}

/** `valuesFor(dealId)`: one stable ValueContext per deal (so memoised entries stay put), the board's currency when the deal is gone. */
export function useValueContexts(dealsById: ReadonlyMap<string, Deal>): (dealId: string | undefined) => ValueContext {
  const currency = useBoard((b) => b.info().currency);
  const personName = usePersonName();
  return useMemo(() => {
    const cache = new Map<string, ValueContext>();
    const dealName = (id: string) => dealsById.get(id)?.title;
    return (dealId: string | undefined) => {
      const key = dealId ?? '';
      let v = cache.get(key);
      if (!v) {
        const deal = dealId ? dealsById.get(dealId) : undefined;
        v = { currency: deal?.currency ?? currency, qualifier: deal?.amountQualifier ?? 'exact', personName, dealName };
        cache.set(key, v);
      }
      return v;
    };
  }, [dealsById, currency, personName]);
}
