/** Setting or clearing the board's exchange rates (an owner's action; the server puts back anyone else's). */
import type * as Y from 'yjs';
import type { MutationOrigin } from '../origin';
import { RATES_KEY, exchangeRatesSchema, readExchangeRates } from '../rates';
import { readBoardInfo } from '../readers';
import { ok, type MutationResult } from '../result';
import { boardMap } from '../schema';
import { noop, parseInput, type MutationOptions } from './common';

/**
 * Sets the rates valid on `asOf`, each currency's worth in the board's currency (which becomes
 * the rates' base), replacing any set before; `null` clears them.
 * @example setExchangeRates(doc, {asOf: '2026-12-01', perUnit: {EUR: 1.05}}, origin) // 1 EUR = 1.05 USD
 */
export function setExchangeRates(
  doc: Y.Doc,
  input: { asOf: string; perUnit: Record<string, number> } | null,
  origin: MutationOrigin,
  _options?: MutationOptions,
): MutationResult {
  const board = boardMap(doc);
  if (input === null) {
    if (!board.has(RATES_KEY)) return noop();
    doc.transact(() => board.delete(RATES_KEY), origin);
    return ok();
  }
  const parsed = parseInput(exchangeRatesSchema, { base: readBoardInfo(doc).currency, ...input });
  if (!parsed.ok) return parsed;
  const value = JSON.stringify(parsed.value);
  if (JSON.stringify(readExchangeRates(doc)) === value) return noop();
  doc.transact(() => board.set(RATES_KEY, value), origin);
  return ok();
}
