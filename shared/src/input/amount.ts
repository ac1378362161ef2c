/**
 * Reading amounts people type ("50B", "$8 bn", "1.5m", "50,000,000"). One rule on both sides:
 * a point is the decimal mark and a comma only groups thousands, so "1,5B" is refused rather
 * than read as 15B, and amounts above MAX_AMOUNT (a quadrillion units) are refused too.
 */
import { accept, refuse, type Parsed } from './parsed';

/** The largest amount a deal may carry: 1,000 trillion units of its currency (whole units). */
export const MAX_AMOUNT = 1e15;

const SUFFIX: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

/** Digits with optional thousands groups ("1,500,000") and an optional decimal part (".5"). */
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

/**
 * Reads an amount box. Empty input is `null` (no amount); anything unreadable is refused with
 * a sentence that names the field (`label`).
 * @example
 * parseAmount('$50B') // { ok: true, value: 50_000_000_000 }
 * parseAmount('1,5B') // { ok: false, message: 'Amount "1,5B" has a comma where a decimal point belongs: write 1.5B.' }
 */
export function parseAmount(input: string, label = 'Amount'): Parsed<number | null> {
  const typed = input.trim();
  const s = typed.toLowerCase().replace(/[$€£¥₹\s]/g, '');
  if (s === '') return accept(null);
  if (s.startsWith('-')) return refuse(`${label} cannot be negative.`);
  const m = /^([\d.,]+)([a-z]*)$/.exec(s);
  const digits = m?.[1] ?? '';
  const suffix = m?.[2] ?? '';
  const multiplier = suffix === '' ? 1 : SUFFIX[suffix];
  if (!m || multiplier === undefined) return refuse(`Enter the ${label.toLowerCase()} as a number like 50B, 8 bn or 1,500,000.`);
  if (!NUMBER.test(digits)) {
    const decimalComma = /^\d+,\d{1,2}$|^\d+,\d{4,}$/.test(digits);
    return refuse(
      decimalComma
        ? `${label} "${typed}" has a comma where a decimal point belongs: write ${digits.replace(',', '.')}${m[2] ? suffix.toUpperCase() : ''}.`
        : `${label} "${typed}" mixes separators: use a point for decimals and commas only between thousands, like 1,500,000.5.`,
    );
  }
  const value = Math.round(Number(digits.replace(/,/g, '')) * multiplier);
  if (!Number.isFinite(value) || value > MAX_AMOUNT) return refuse(`${label} is too large: the most a deal can carry is 1,000T.`);
  return accept(value);
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
