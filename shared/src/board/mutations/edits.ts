/** Minimal edits of nested shared types, so concurrent edits by others survive a replace. */
import type * as Y from 'yjs';

/**
 * Turn `array` into `target` with a longest-common-subsequence diff: elements
 * both lists share stay put (keeping a concurrent insert next to them
 * meaningful), others are deleted or inserted. Returns whether anything changed.
 */
export function syncArray(array: Y.Array<unknown>, target: readonly string[]): boolean {
  const current = array.toArray();
  const n = current.length;
  const m = target.length;
  const width = m + 1;
  // lcs[i * width + j]: length of the LCS of current[i..] and target[j..].
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        current[i] === target[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  let pos = 0;
  let changed = false;
  while (i < n || j < m) {
    if (i < n && j < m && current[i] === target[j]) {
      i++;
      j++;
      pos++;
    } else if (j < m && (i === n || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
      array.insert(pos, [target[j]]);
      pos++;
      j++;
      changed = true;
    } else {
      array.delete(pos, 1);
      i++;
      changed = true;
    }
  }
  return changed;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Turn `text` into `target` by replacing only the span between their common
 * prefix and suffix. The span never splits a surrogate pair (Yjs encodes text
 * as UTF-8, where a lone surrogate would be corrupted). Returns whether anything changed.
 */
export function syncText(text: Y.Text, target: string): boolean {
  const current = text.toString();
  if (current === target) return false;
  const max = Math.min(current.length, target.length);
  let prefix = 0;
  while (prefix < max && current.charCodeAt(prefix) === target.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(current.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && current.charCodeAt(current.length - 1 - suffix) === target.charCodeAt(target.length - 1 - suffix)) {
    suffix++;
  }
  if (suffix > 0 && isLow(current.charCodeAt(current.length - suffix))) suffix--;
  const removed = current.length - prefix - suffix;
  if (removed > 0) text.delete(prefix, removed);
  const inserted = target.slice(prefix, target.length - suffix);
  if (inserted) text.insert(prefix, inserted);
  return true;
}
