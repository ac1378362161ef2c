/** Day headings for the activity list ("Today", "Yesterday", "Monday, January 26") and stage durations ("12 days"). */
const locale = typeof navigator !== 'undefined' ? navigator.language || 'en-US' : 'en-US';

const DAY_MS = 86_400_000;

function startOfDay(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(withYear: boolean, withWeekday: boolean): Intl.DateTimeFormat {
  const key = `${withYear}|${withWeekday}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      ...(withWeekday ? { weekday: 'long' } : {}),
      month: 'long',
      day: 'numeric',
      ...(withYear ? { year: 'numeric' } : {}),
    });
    dayFormats.set(key, f);
  }
  return f;
}

/** A key for the calendar day of `iso` (local time), to group by. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'unknown' : `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", "Monday, January 26" (this week), "January 5", "December 30, 2025". */
export function dayHeading(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 'Earlier';
  const days = Math.round((startOfDay(now) - startOfDay(t)) / DAY_MS);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const sameYear = new Date(t).getFullYear() === new Date(now).getFullYear();
  return dayFormat(!sameYear, days < 7).format(t);
}

const units = new Map<string, Intl.NumberFormat>();
function unit(name: 'minute' | 'hour' | 'day' | 'month' | 'year', n: number): string {
  let f = units.get(name);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: 0 });
    units.set(name, f);
  }
  return f.format(n);
}

/** How long something lasted, in words: "under a minute", "5 minutes", "3 hours", "12 days", "4 months", "2 years". */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'under a minute';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return unit('minute', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return unit('hour', hours);
  const days = Math.floor(hours / 24);
  if (days < 60) return unit('day', days);
  const months = Math.floor(days / 30.44);
  if (months < 24) return unit('month', months);
  return unit('year', Math.floor(days / 365.25));
}
