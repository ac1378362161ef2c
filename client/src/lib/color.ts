/** Stable colours and initials for people, for avatars when the server has not given a colour. */
const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#ec4899', '#8b5cf6', '#14b8a6', '#f97316', '#84cc16'];

export function colorFor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length] ?? '#6366f1';
}

/** A person's initials: first letters of the first and last words that have letters. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (parts.length === 0) return '?';
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Only a plain CSS colour from the document is used in styles (no url(), no expressions). */
export function safeColor(value: string | null | undefined, fallback = '#94a3b8'): string {
  if (!value) return fallback;
  if (/^#[0-9a-fA-F]{3,8}$/.test(value)) return value;
  if (/^(rgb|hsl)a?\([\d\s.,%/-]+\)$/.test(value)) return value;
  return fallback;
}

/** A board's mark: first letters of its first two words that have letters ("AI mega-deals" → "AM"). */
export function boardInitials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.slice(0, 2).map((w) => [...w].find((c) => /\p{L}/u.test(c)) ?? '').join('').toUpperCase() || '?';
}
