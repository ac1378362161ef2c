/**
 * What a person types and what is stored: the composer shows `@Ada Lovelace`, the comment keeps
 * `@[Ada Lovelace](user:<id>)` (shared/src/board/mentions.ts) for each member picked from the
 * list, so typing an `@name` by hand never mentions anyone (only members can be picked).
 */
import { mentionToken, splitMentions } from '../../../../../shared/src/board/mentions';

/** Picked mentions still in the text: display name → member id. */
export type Picked = ReadonlyMap<string, string>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text to store: each picked `@Name` (not followed by a letter or digit) becomes its token. */
export function toStored(text: string, picked: Picked): string {
  let out = text;
  for (const [name, userId] of [...picked].sort((a, b) => b[0].length - a[0].length)) {
    out = out.replace(new RegExp(`@${escape(name)}(?![\\p{L}\\p{N}_])`, 'gu'), () => mentionToken(userId, name));
  }
  return out;
}

/** A stored body as editable text (mentions as `@Name`, current names) and the mentions it holds. */
export function toEditable(body: string, nameOf: (userId: string) => string | undefined): { text: string; picked: Map<string, string> } {
  const picked = new Map<string, string>();
  const text = splitMentions(body)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const name = nameOf(part.userId) ?? part.label;
      picked.set(name, part.userId);
      return `@${name}`;
    })
    .join('');
  return { text, picked };
}

/** The `@query` being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,30})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? '' };
}

/** The members whose name (or a word of it) starts with `query`, at most `max`: what the pickers offer. */
export function matchMembers<T extends { name: string }>(members: readonly T[], query: string, max: number): T[] {
  const q = query.toLocaleLowerCase();
  return members
    .filter((m) => {
      const name = m.name.toLocaleLowerCase();
      return name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
    })
    .slice(0, max);
}
