/**
 * Words and values for activity events: deal labels, field names, excerpts,
 * and the JSON-safe copies of document values that go into `data`.
 */
import * as Y from 'yjs';
import { clip } from '../../../shared/src/text/clip';
import { COLUMN_KEY } from '../../../shared/src/board/schema';

export { EXCERPT_CHARS, clip, excerpt } from '../../../shared/src/text/clip';
export { dealLabel } from '../../../shared/src/board/dealLabel';

/** Longest string copied into an event's `data` (a pasted novel stays in the document). */
export const MAX_VALUE_CHARS = 500;

/** A JSON-safe copy of a document value for `data`: Yjs types become JSON, long strings are clipped. */
export function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Y.AbstractType) return plain(value.toJSON());
  if (typeof value === 'string') return clip(value, MAX_VALUE_CHARS);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array) return null;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = plain(inner);
    return out;
  }
  return null;
}

/** Structural equality of plain (JSON-like) values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    return ka.length === kb.length && ka.every((k) => sameValue(ra[k], rb[k]));
  }
  return false;
}

export { DEAL_FIELD_ORDER, PLAIN_DEAL_FIELDS } from '../../../shared/src/board/fieldOrder';

/** Column fields reported by column.updated (name → column.renamed, rank → column.moved). */
export const COLUMN_UPDATE_FIELDS = [COLUMN_KEY.kind, COLUMN_KEY.probability, COLUMN_KEY.staleDays, COLUMN_KEY.color] as const;

const FIELD_WORDS: Record<string, string> = {
  amountQualifier: 'amount qualifier',
  ownerId: 'owner',
  expectedClose: 'expected close',
  partOf: 'round',
  staleDays: 'stale days',
};

/** "amount, probability" for ["probability", "amount"], in `order`. */
export function fieldList(fields: Iterable<string>, order: readonly string[]): string {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return [...fields]
    .sort((a, b) => rank(a) - rank(b))
    .map((name) => FIELD_WORDS[name] ?? name)
    .join(', ');
}

/** "an editor", "a viewer". */
export function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * The summary of an edit that only links or unlinks a deal and its round, in plain words
 * ("Ada made Amazon → OpenAI part of OpenAI funding round"); null for any other edit.
 */
export function partOfSummary(who: string, label: string, fields: Record<string, Record<string, unknown>>, labelOf: (dealId: string) => string): string | null {
  const change = fields.partOf;
  if (!change || Object.keys(fields).length !== 1) return null;
  const { from, to } = change;
  if (typeof to === 'string') return `${who} made ${label} part of ${labelOf(to)}`;
  if (typeof from === 'string') return `${who} took ${label} out of ${labelOf(from)}`;
  return null;
}
