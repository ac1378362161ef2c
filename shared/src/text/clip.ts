/** Cutting text to fit a sentence or a payload (the server's activity and the UI's words alike). */

/** Cuts `text` to `max` characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Longest comment excerpt. */
export const EXCERPT_CHARS = 140;

/** One line of text: whitespace collapsed, clipped. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}
