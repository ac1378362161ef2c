/**
 * Order by fractional-index strings (`fractional-indexing`), ties broken by id.
 *
 * Two replicas that drop into the same gap at once compute the same key, so
 * equal ranks are normal, not an error: order is then by id, identical on every
 * replica. Inserting *between* two equal-rank neighbours has no key strictly
 * between them, so `planRank` re-keys the smaller side of the tie run in the
 * same transaction (see its comment).
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/** Anything ordered by rank, ties by id: a column or a deal. */
export interface Ranked {
  readonly id: string;
  readonly rank: string;
}

/** A rank to write plus the other records to re-key (non-empty only when breaking a tie). */
export interface RankPlan {
  rank: string;
  rerank: Ranked[];
}

/** Code-unit string order (what fractional-indexing keys are designed for; never localeCompare). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort order for columns and deals: rank, then id. */
export function compareByRank(a: Ranked, b: Ranked): number {
  return cmp(a.rank, b.rank) || cmp(a.id, b.id);
}

/**
 * True when `value` is a well-formed key in the library's default alphabet
 * (readers reject any other rank). The library itself does not check that
 * the fraction digits are in its alphabet ("a0 " passes), hence the pattern.
 */
export function isRankKey(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][0-9A-Za-z]+$/.test(value)) return false;
  try {
    generateKeyBetween(value, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * A key strictly between `before` and `after` (null: open end). Never throws:
 * an invalid key counts as an open end, arguments in the wrong order are
 * swapped, and equal neighbours give back their shared rank (the position among
 * them is then decided by id; use `planRank` for an exact slot).
 * @example rankBetween(null, null) // "a0"; rankBetween("a0", "a1") // "a0V"
 */
export function rankBetween(before: string | null, after: string | null): string {
  const lo = isRankKey(before) ? before : null;
  const hi = isRankKey(after) ? after : null;
  if (lo !== null && lo === hi) return lo;
  return generateKeyBetween(lo, hi);
}

/** `n` increasing keys after `last` (null: from the start), e.g. to append several records at once. */
export function ranksAfter(last: string | null, n: number): string[] {
  return generateNKeysBetween(isRankKey(last) ? last : null, null, n);
}

/**
 * Where to put record `id` so it lands at `index` in `siblings` (sorted by
 * `compareByRank`, without the record itself). Normally one key between the two
 * neighbours. When the neighbours share a rank r (a tie run), either the id
 * already falls between theirs (rank r works), or the smaller side of the run
 * is re-keyed: keep the left part at r and give the record plus the right part
 * fresh keys in (r, next rank), or the mirror image. Every other record keeps
 * its key, so concurrent edits elsewhere are untouched.
 */
export function planRank(siblings: readonly Ranked[], index: number, id: string): RankPlan {
  const prev = siblings[index - 1];
  const next = siblings[index];
  if (!prev || !next || prev.rank < next.rank) {
    return { rank: rankBetween(prev?.rank ?? null, next?.rank ?? null), rerank: [] };
  }
  const r = prev.rank;
  if (prev.id < id && id < next.id) return { rank: r, rerank: [] };
  let first = index - 1;
  while (first > 0 && siblings[first - 1]?.rank === r) first--;
  let last = index;
  while (last + 1 < siblings.length && siblings[last + 1]?.rank === r) last++;
  const leftCount = index - first;
  const rightCount = last - index + 1;
  if (rightCount <= leftCount) {
    const keys = generateNKeysBetween(r, siblings[last + 1]?.rank ?? null, rightCount + 1);
    const moved = siblings.slice(index, last + 1).map((s, i) => ({ id: s.id, rank: keys[i + 1] ?? r }));
    return { rank: keys[0] ?? r, rerank: moved };
  }
  const keys = generateNKeysBetween(siblings[first - 1]?.rank ?? null, r, leftCount + 1);
  const moved = siblings.slice(first, index).map((s, i) => ({ id: s.id, rank: keys[i] ?? r }));
  return { rank: keys[leftCount] ?? r, rerank: moved };
}

/** Apply a plan to a sorted list (pure; used by tests and to check a plan). */
export function applyPlan(siblings: readonly Ranked[], plan: RankPlan, id: string): Ranked[] {
  const rekeyed = new Map(plan.rerank.map((p) => [p.id, p.rank]));
  const out = siblings.map((s) => ({ id: s.id, rank: rekeyed.get(s.id) ?? s.rank }));
  out.push({ id, rank: plan.rank });
  return out.sort(compareByRank);
}
