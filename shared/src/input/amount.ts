/**
 * The one amount rule, for every place people write an amount (the drawer's boxes, a table
 * cell, a CSV cell, the server's inputs): "50000000000", "50,000,000,000", "$50B", "50 bn",
 * "€1.2M", "up to $50B", "USD 300m". A point is the decimal mark and a comma only groups
 * thousands, so an ambiguous "1,5B" (1.5 or 15 billion?) is refused rather than read 10x off,
 * and amounts above MAX_AMOUNT (a quadrillion units) are refused too.
 */
import type { AmountQualifier } from '../board/schema';
import { accept, refuse, type Parsed } from './parsed';

/** The largest amount a deal may carry: 1,000 trillion units of its currency (whole units). */
export const MAX_AMOUNT = 1e15;

/** An amount with what its text also said: a qualifier ("up to") and a currency ("$", "EUR"). */
export type AmountReading = { ok: true; amount: number | null; qualifier: AmountQualifier | null; currency: string | null } | { ok: false; message: string };

export interface AmountOptions {
  /** Names the field at the start of every message ("Amount '1,5B' is ambiguous…"); omitted where the caller names it (an import error has its own field). */
  label?: string;
  /**
   * Also read points as thousands groups when there are two or more of them ("50.000.000"), as
   * spreadsheets in many European locales export. Off for typed boxes, where a point is only
   * ever a decimal mark.
   */
  pointGroups?: boolean;
}

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  mio: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

const QUALIFIERS: Array<[RegExp, AmountQualifier]> = [
  [/^(up to|upto|max\.?|<=|≤)\s*/i, 'up_to'],
  [/^(about|approx\.?|around|~|≈)\s*/i, 'about'],
  [/^(at least|min\.?|>=|≥|\+)\s*/i, 'at_least'],
];

/** Digits with optional `,` thousands groups ("1,500,000") and an optional decimal part (".5"). */
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
/** Points as thousands groups, at least two of them ("50.000.000"), so never a decimal. */
const POINT_GROUPS = /^\d{1,3}(\.\d{3}){2,}$/;
/** One comma followed by other than three digits: a decimal comma, so ambiguous. */
const DECIMAL_COMMA = /^\d+,(\d{1,2}|\d{4,})$/;

/** Takes a leading qualifier, a currency symbol or code, off `text`. */
function stripDecorations(text: string): { rest: string; qualifier: AmountQualifier | null; currency: string | null } {
  let rest = text;
  let qualifier: AmountQualifier | null = null;
  for (const [pattern, q] of QUALIFIERS) {
    if (pattern.test(rest)) {
      qualifier = q;
      rest = rest.replace(pattern, '');
      break;
    }
  }
  let currency: string | null = null;
  const symbol = /^([$€£¥₹])\s*/.exec(rest) ?? /\s*([$€£¥₹])$/.exec(rest);
  if (symbol?.[1]) {
    currency = SYMBOLS[symbol[1]] ?? null;
    rest = rest.replace(symbol[0], '');
  }
  const code = /^([A-Za-z]{3})\s+/.exec(rest) ?? /\s+([A-Za-z]{3})$/.exec(rest);
  if (code?.[1] && !(code[1].toLowerCase() in MULTIPLIERS)) {
    currency = code[1].toUpperCase();
    rest = rest.replace(code[0], '');
  }
  return { rest: rest.trim(), qualifier, currency };
}

/**
 * Reads `input` into whole currency units, with the qualifier and currency it names (if any).
 * Empty input reads as no amount.
 * @example readAmount('$50B') // {ok: true, amount: 50_000_000_000, qualifier: null, currency: 'USD'}
 * @example readAmount('1,5B', {label: 'Amount'}) // {ok: false, message: "Amount '1,5B' is ambiguous: …"}
 */
export function readAmount(input: string, { label, pointGroups = false }: AmountOptions = {}): AmountReading {
  const typed = input.trim();
  if (typed === '') return { ok: true, amount: null, qualifier: null, currency: null };
  const who = label ? `${label} '${typed}'` : `'${typed}'`;
  const fail = (message: string): AmountReading => ({ ok: false, message });
  const { rest, qualifier, currency } = stripDecorations(typed);
  if (rest.startsWith('-')) return fail(`${label ?? `'${typed}'`} cannot be negative.`);
  const match = /^([\d.,]+)\s*([A-Za-z]*)\.?$/.exec(rest);
  if (!match?.[1]) return fail(`${who} is not a number: enter the ${(label ?? 'amount').toLowerCase()} like 50B, 8 bn or 1,500,000.`);
  const digits = match[1];
  const unit = match[2] ?? '';
  const multiplier = MULTIPLIERS[unit.toLowerCase()];
  if (multiplier === undefined) return fail(`${who} has an unknown unit '${unit}': use K, M, B or T.`);
  let value: number;
  if (NUMBER.test(digits)) value = Number(digits.replace(/,/g, ''));
  else if (pointGroups && POINT_GROUPS.test(digits)) value = Number(digits.replace(/\./g, ''));
  else if (DECIMAL_COMMA.test(digits))
    return fail(`${who} is ambiguous: write ${digits.replace(',', '.')}${unit.toUpperCase()} (a decimal point) or use commas only between thousands.`);
  else return fail(`${who} mixes separators: use a point for decimals and commas only between thousands, like 1,500,000.5.`);
  const amount = Math.round(value * multiplier);
  if (!Number.isFinite(amount) || amount > MAX_AMOUNT) return fail(`${label ?? `'${typed}'`} is too large: the most a deal can carry is 1,000T.`);
  return { ok: true, amount, qualifier, currency };
}

/**
 * Reads an amount box to its value only (the qualifier and currency have boxes of their own).
 * Anything unreadable is refused with a sentence that names the field (`label`).
 * @example
 * parseAmount('$50B') // { ok: true, value: 50_000_000_000 }
 * parseAmount('1,5B') // { ok: false, message: "Amount '1,5B' is ambiguous: write 1.5B …" }
 */
export function parseAmount(input: string, label = 'Amount'): Parsed<number | null> {
  const reading = readAmount(input, { label });
  return reading.ok ? accept(reading.amount) : refuse(reading.message);
}

/** The inverse of parseAmount for an input box: 50_000_000_000 -> "50B". */
export function amountToInput(amount: number | null): string {
  if (amount === null) return '';
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, s] of units) {
    if (Math.abs(amount) >= v && Number.isInteger((amount / v) * 1000)) return `${+(amount / v).toFixed(3)}${s}`;
  }
  return String(amount);
}
