/**
 * Exchange rates an owner entered for the board (issue 15.4), and the converted roll-up of
 * totals they allow. The rates live in the document as one plain value, `board.rates`, a JSON
 * string `{base, asOf, perUnit}`: "on `asOf`, 1 unit of each currency in `perUnit` was worth
 * that many units of `base`". One value, so a set of rates is replaced whole (last writer
 * wins) and rates from two different dates never mix. Owner-only, like the board's currency.
 * Rates are never invented: a currency without a rate stays apart, and a value that fails
 * validation reads as no rates at all.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { boardMap } from './schema';
import type { LaneTotals, Totals } from './selectors';
import { currencySchema } from './validate';

/** The key of the rates on the board's map. */
export const RATES_KEY = 'rates';

export const MAX_RATES = 200;
/** A rate above this (or below its inverse) is a typo, not a currency. */
const MAX_RATE = 1e9;

const rateSchema = z
  .number()
  .positive('must be more than 0')
  .max(MAX_RATE, 'must be at most 1e9')
  .min(1 / MAX_RATE, 'must be at least 1e-9');

/** What an owner enters: the date the rates are valid for, and each currency's worth in `base`. */
export const exchangeRatesSchema = z
  .strictObject({
    base: currencySchema,
    asOf: z.iso.date('must be a date like 2026-12-01'),
    perUnit: z.record(currencySchema, rateSchema).refine((r) => Object.keys(r).length <= MAX_RATES, `at most ${MAX_RATES} rates`),
  })
  .refine((r) => !(r.base in r.perUnit), { message: 'the base currency needs no rate', path: ['perUnit'] });

export type ExchangeRates = z.output<typeof exchangeRatesSchema>;

/** Parses the stored value; anything that is not valid rates is null (never a crash, never a guess). */
export function parseExchangeRates(value: unknown): ExchangeRates | null {
  if (typeof value !== 'string' || value.length > 20_000) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = exchangeRatesSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The board's exchange rates, or null when none (or none valid) are set. */
export function readExchangeRates(doc: Y.Doc): ExchangeRates | null {
  return parseExchangeRates(boardMap(doc).get(RATES_KEY));
}

/** How many units of `to` one unit of `from` is worth at `rates`, or null when the rates do not say. */
export function rateBetween(rates: ExchangeRates, from: string, to: string): number | null {
  if (from === to) return 1;
  const inBase = (code: string) => (code === rates.base ? 1 : (rates.perUnit[code] ?? null));
  const a = inBase(from);
  const b = inBase(to);
  return a === null || b === null ? null : a / b;
}

/** Totals in one currency with the other currencies converted where the board has a rate. */
export interface ConvertedTotals extends Totals {
  currency: string;
  /** The date of the rates used ("2026-12-01"). */
  asOf: string;
  /** The currencies that were converted into `currency`. */
  converted: string[];
  /** Currencies without a rate: still apart, exactly as in the unconverted totals. */
  apart: Record<string, Totals>;
}

/**
 * The converted roll-up of `totals` (whose main figures are in `currency`): each other
 * currency with a rate is added in at that rate; one without stays in `apart`. Null when
 * there is nothing to convert (no rates, or no other currency has a rate), so a view shows a
 * roll-up only when it says something the per-currency totals do not.
 * @example convertTotals({count: 2, sum: 100, weighted: 50, stale: 0, otherCurrencies: {EUR: {count: 1, sum: 10, weighted: 5}}}, 'USD', {base: 'USD', asOf: '2026-12-01', perUnit: {EUR: 1.1}})
 * // {count: 2, sum: 111, weighted: 55.5, currency: 'USD', asOf: '2026-12-01', converted: ['EUR'], apart: {}}
 */
export function convertTotals(
  totals: Pick<LaneTotals, 'count' | 'sum' | 'weighted' | 'otherCurrencies'>,
  currency: string,
  rates: ExchangeRates | null,
): ConvertedTotals | null {
  if (!rates) return null;
  const out: ConvertedTotals = { count: totals.count, sum: totals.sum, weighted: totals.weighted, currency, asOf: rates.asOf, converted: [], apart: {} };
  for (const [code, part] of Object.entries(totals.otherCurrencies)) {
    const rate = rateBetween(rates, code, currency);
    if (rate === null) {
      out.apart[code] = part;
      continue;
    }
    out.sum += part.sum * rate;
    out.weighted += part.weighted * rate;
    out.converted.push(code);
  }
  return out.converted.length > 0 ? out : null;
}
