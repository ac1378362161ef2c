/**
 * Reading an amount as people write it (a CSV cell, a table cell): "50000000000",
 * "50,000,000,000", "$50B", "50 bn", "€1.2M", "up to $50B". Ambiguous input is an error,
 * never a guess: "1,5B" could be 1.5 or 15 billion, so it is refused rather than read 10x off.
 * NOTE for the integrator: branch `ux` adds amount rules under shared/src/board/; the two
 * should become one file.
 */
import type { AmountQualifier } from '../board/schema';

export type AmountReading = { ok: true; amount: number | null; qualifier: AmountQualifier | null; currency: string | null } | { ok: false; message: string };

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

/** Reads the number part: plain digits, `,` thousands groups, or `.` thousands groups (2+ of them). */
function readNumber(text: string): number | string {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(text)) return Number(text.replace(/\./g, ''));
  if (/^\d+,\d+$/.test(text)) return `'${text}' is ambiguous: write 1.5 (a decimal point) or 1,500 (thousands)`;
  return `'${text}' is not a number`;
}

/**
 * Reads `input` into whole currency units, with the qualifier and currency it names (if any).
 * Empty input reads as no amount.
 * @example readAmount('$50B') // {ok: true, amount: 50_000_000_000, qualifier: null, currency: 'USD'}
 * @example readAmount('1,5B') // {ok: false, message: "'1,5B' is ambiguous: …"}
 */
export function readAmount(input: string): AmountReading {
  let rest = input.trim();
  if (rest === '') return { ok: true, amount: null, qualifier: null, currency: null };
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
  const match = /^([\d.,]+)\s*([A-Za-z]*)\.?$/.exec(rest.trim());
  if (!match?.[1]) return { ok: false, message: `'${input.trim()}' is not a number` };
  const multiplier = MULTIPLIERS[(match[2] ?? '').toLowerCase()];
  if (multiplier === undefined) return { ok: false, message: `'${input.trim()}': unknown unit '${match[2]}' (use K, M, B or T)` };
  const value = readNumber(match[1]);
  if (typeof value === 'string') return { ok: false, message: value.replace(`'${match[1]}'`, `'${input.trim()}'`) };
  const amount = Math.round(value * multiplier);
  if (!Number.isSafeInteger(amount)) return { ok: false, message: `'${input.trim()}' is too large` };
  return { ok: true, amount, qualifier, currency };
}
