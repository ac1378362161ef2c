/**
 * Tags compare without regard to case: "AI" and "ai" are one tag, spelt as it was first
 * written. The document schema dedupes the same way (uniqueTags in validate.ts), so every writer agrees.
 */
import { LIMITS, tagKey } from '../board/validate';
import { accept, refuse, type Parsed } from './parsed';

/**
 * The list after adding what was typed; a tag already there (in any case) leaves it unchanged.
 * @example addTag(['AI'], 'ai') // { ok: true, value: ['AI'] }
 */
export function addTag(tags: readonly string[], typed: string): Parsed<string[]> {
  const tag = typed.trim().replace(/,$/, '').trim();
  if (!tag) return accept([...tags]);
  if (tags.some((t) => tagKey(t) === tagKey(tag))) return accept([...tags]);
  if (tag.length > LIMITS.tag) return refuse(`A tag can have at most ${LIMITS.tag} characters.`);
  if (tags.length >= LIMITS.tags) return refuse(`A deal can have at most ${LIMITS.tags} tags.`);
  return accept([...tags, tag]);
}
