/**
 * Amounts, percentages and dates for display, all through Intl with the browser's locale.
 * Formatters are cached: a board paints hundreds of amounts.
 */
import type { AmountQualifier } from '../../../shared/src/board/schema';

const locale = typeof navigator !== 'undefined' ? navigator.language || 'en-US' : 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "$50B", "€8.2M"; falls back to "XYZ 50B" for a code Intl does not know. */
export function formatMoney(amount: number, currency: string, compact = true): string {
  try {
    const f = numberFormat(
      `${currency}|${compact}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          notation: compact ? 'compact' : 'standard',
          maximumFractionDigits: compact ? 1 : 0,
        }),
    );
    return f.format(amount);
  } catch {
    return `${currency} ${formatCompactNumber(amount)}`;
  }
}

export function formatCompactNumber(n: number): string {
  return numberFormat('compact', () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 })).format(n);
}

export function formatInteger(n: number): string {
  return numberFormat('int', () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(n);
}

const QUALIFIER_PREFIX: Record<AmountQualifier, string> = {
  exact: '',
  up_to: 'up to ',
  about: '≈ ',
  at_least: '≥ ',
};

export const QUALIFIER_LABEL: Record<AmountQualifier, string> = {
  exact: 'Exactly',
  up_to: 'Up to',
  about: 'About',
  at_least: 'At least',
};

/** "up to $50B", "≈ $8B", "≥ $1M", "$300M"; empty when there is no amount. */
export function formatAmount(amount: number | null, qualifier: AmountQualifier, currency: string): string {
  if (amount === null || !Number.isFinite(amount)) return '';
  return `${QUALIFIER_PREFIX[qualifier] ?? ''}${formatMoney(amount, currency)}`;
}

export function formatPercent(p: number): string {
  return `${Math.round(p)}%`;
}

const dayMs = 86_400_000;

/** "Mar 31", or "Mar 31, 2027" outside the current year. Accepts ISO dates and date-times. */
export function formatDate(iso: string | null, now = new Date()): string {
  if (!iso) return '';
  const d = parseDate(iso);
  if (!d) return iso;
  const sameYear = d.getFullYear() === now.getFullYear();
  const f = numberlessDate(sameYear);
  return f.format(d);
}

const dateFormats = new Map<boolean, Intl.DateTimeFormat>();
function numberlessDate(sameYear: boolean): Intl.DateTimeFormat {
  let f = dateFormats.get(sameYear);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, sameYear ? { month: 'short', day: 'numeric' } : { month: 'short', day: 'numeric', year: 'numeric' });
    dateFormats.set(sameYear, f);
  }
  return f;
}

/** A date-only ISO string ("2026-03-31") is a calendar day, not UTC midnight. */
export function parseDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whole days from now until the date (negative when past). */
export function daysUntil(iso: string, now = new Date()): number | null {
  const d = parseDate(iso);
  if (!d) return null;
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((d.getTime() - today.getTime()) / dayMs);
}

let relFormat: Intl.RelativeTimeFormat | null = null;

/** "just now", "5 min. ago", "yesterday", "Mar 3". */
export function formatRelative(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const diff = (t - now) / 1000;
  const abs = Math.abs(diff);
  relFormat ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (abs < 45) return 'just now';
  if (abs < 3600) return relFormat.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return relFormat.format(Math.round(diff / 3600), 'hour');
  if (abs < 7 * 86_400) return relFormat.format(Math.round(diff / 86_400), 'day');
  return formatDate(new Date(t).toISOString().slice(0, 10), new Date(now));
}

/** A full timestamp for tooltips. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "12d", "3mo" for time spent in a stage. */
export function formatDuration(days: number): string {
  if (days < 1) return 'today';
  if (days < 60) return `${Math.floor(days)}d`;
  if (days < 730) return `${Math.floor(days / 30)}mo`;
  return `${Math.floor(days / 365)}y`;
}

/** Amount boxes read and show amounts with the rules the server checks them by. */
export { amountToInput, parseAmount } from '../../../shared/src/input/amount';
