/** Colours and initials for people and boards (a person's colour is the shared one the server stamps too). */
export { colorFor } from '../../../shared/src/personColor';

/** A person's initials: first letters of the first and last words that have letters. */
export function initials(name: string): string {
  const parts = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
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
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  return (
    words
      .slice(0, 2)
      .map((w) => [...w].find((c) => /\p{L}/u.test(c)) ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

/** WCAG relative luminance of a #rgb / #rrggbb colour (null for anything else). */
function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return null;
  const full = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = parseInt(full.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

function darken(hex: string, by: number): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const channel = (i: number) =>
    Math.round(parseInt(full.slice(i, i + 2), 16) * (1 - by))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

const DARK_TEXT = '#101828';

/**
 * Background and text colour for initials on a person's colour with at least 4.5:1 contrast
 * (WCAG AA): white or dark text, whichever reads, and the colour darkened until white does when
 * neither does. Colours that are not hex keep white text.
 * @example avatarColors('#84cc16') // { background: '#84cc16', color: '#101828' }
 */
export function avatarColors(background: string): { background: string; color: string } {
  const lum = luminance(background);
  if (lum === null) return { background, color: '#ffffff' };
  const dark = luminance(DARK_TEXT) ?? 0;
  if (contrast(lum, 1) >= 4.5 && contrast(lum, 1) >= contrast(lum, dark)) return { background, color: '#ffffff' };
  if (contrast(lum, dark) >= 4.5) return { background, color: DARK_TEXT };
  for (let by = 0.1; by < 1; by += 0.1) {
    const darker = darken(background, by);
    if (contrast(luminance(darker) ?? 0, 1) >= 4.5) return { background: darker, color: '#ffffff' };
  }
  return { background: '#000000', color: '#ffffff' };
}
