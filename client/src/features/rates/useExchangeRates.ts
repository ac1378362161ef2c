/** The board's exchange rates (null when none), the same object until they change. */
import { useBoard } from '../../hooks/useBoard';
import { readExchangeRates, type ExchangeRates } from '../../model';
import type { BoardStore } from '../../hooks/boardStore';

const select = (b: BoardStore) => readExchangeRates(b.doc);
const same = (a: ExchangeRates | null, b: ExchangeRates | null) => JSON.stringify(a) === JSON.stringify(b);

export function useExchangeRates(): ExchangeRates | null {
  return useBoard(select, same);
}

/** "1 Dec 2026": the day the rates are valid for, as written (no time zone shift). */
export function ratesDate(asOf: string): string {
  return new Date(`${asOf}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
