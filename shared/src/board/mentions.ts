/**
 * @mentions inside comment bodies (and notes): a mention is stored as a token that carries the
 * member's id, `@[Ada Lovelace](user:3f2c…)`, so renaming a person renames every mention of them
 * (the UI shows the current name; the label in the token is only a fallback). The server
 * derives who was mentioned from the committed text with the same parser the client renders with.
 */

/** `@[label](user:<id>)`; the label may not contain `]` or a line break, the id is URL-safe. */
const MENTION_SOURCE = String.raw`@\[([^\]\n]{1,80})\]\(user:([A-Za-z0-9_-]{1,64})\)`;

/** A fresh global pattern for mention tokens (group 1: label, group 2: user id), for scanners that need positions (the notes editor's chips). */
export function mentionPattern(): RegExp {
  return new RegExp(MENTION_SOURCE, 'g');
}

export interface MentionToken {
  userId: string;
  /** The name written when the mention was made (display falls back to it). */
  label: string;
}

/** The token for a member: what the composer inserts. */
export function mentionToken(userId: string, name: string): string {
  const label =
    name
      .replace(/[\]\n\r]/g, ' ')
      .trim()
      .slice(0, 80) || 'someone';
  return `@[${label}](user:${userId})`;
}

/** Every mention in `text`, in order (repeats kept). */
export function findMentions(text: string): MentionToken[] {
  const out: MentionToken[] = [];
  for (const match of text.matchAll(mentionPattern())) out.push({ label: match[1] ?? '', userId: match[2] ?? '' });
  return out;
}

/** The distinct user ids mentioned in `text`, first mention first. */
export function mentionedIds(text: string): string[] {
  return [...new Set(findMentions(text).map((m) => m.userId))];
}

/** Text and mentions, in order: what a renderer walks. */
export type MentionPart = { kind: 'text'; text: string } | { kind: 'mention'; userId: string; label: string };

export function splitMentions(text: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern())) {
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'mention', label: match[1] ?? '', userId: match[2] ?? '' });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** `text` with each mention written as `@Name` (`nameOf` gives the current name, else the label). */
export function mentionsAsText(text: string, nameOf: (userId: string) => string | undefined = () => undefined): string {
  return splitMentions(text)
    .map((part) => (part.kind === 'text' ? part.text : `@${nameOf(part.userId) ?? part.label}`))
    .join('');
}
