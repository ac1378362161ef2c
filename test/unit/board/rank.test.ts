import { describe, expect, it } from 'vitest';
import { applyPlan, compareByRank, isRankKey, planRank, rankBetween, ranksAfter, type Ranked } from '../../../shared/src/board';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strictlySorted(list: readonly Ranked[]): boolean {
  return list.every((item, i) => i === 0 || compareByRank(list[i - 1] as Ranked, item) < 0);
}

describe('compareByRank', () => {
  it('orders by rank, then id (code units, not locale)', () => {
    const list = [
      { id: 'b', rank: 'a1' },
      { id: 'a', rank: 'a1' },
      { id: 'z', rank: 'a0' },
      { id: 'B', rank: 'a1' },
    ];
    expect([...list].sort(compareByRank).map((x) => x.id)).toEqual(['z', 'B', 'a', 'b']);
  });
});

describe('rankBetween', () => {
  it('makes keys strictly between its neighbours', () => {
    const first = rankBetween(null, null);
    const second = rankBetween(first, null);
    const mid = rankBetween(first, second);
    const start = rankBetween(null, first);
    expect(start < first && first < mid && mid < second).toBe(true);
  });

  it('never throws: swapped arguments, equal ranks and invalid keys', () => {
    expect(rankBetween('a1', 'a0')).toBe(rankBetween('a0', 'a1'));
    expect(rankBetween('a1', 'a1')).toBe('a1');
    expect(isRankKey(rankBetween('not a key!', 'a1'))).toBe(true);
    expect(rankBetween('', '')).toBe('a0');
    expect(rankBetween('a0', 'a00')).toBe('a1'); // 'a00' is invalid (trailing zero): an open end
  });

  it('stays ordered over 5,000 inserts into the same gap', () => {
    const left = 'a0';
    let right = 'a1';
    let longest = 0;
    for (let i = 0; i < 5_000; i++) {
      const key = rankBetween(left, right);
      expect(left < key && key < right).toBe(true);
      right = key;
      longest = Math.max(longest, key.length);
    }
    // Keys grow about one base-62 digit per six inserts at the same spot.
    expect(longest).toBeLessThan(1_000);
  });
});

describe('isRankKey and ranksAfter', () => {
  it('accepts fractional-indexing keys only', () => {
    expect(isRankKey('a0')).toBe(true);
    expect(isRankKey('a0V')).toBe(true);
    for (const bad of ['', 'a', 'a00', '0', 42, null, 'a0 ', 'a0\u00ff', 'a0-']) expect(isRankKey(bad)).toBe(false);
  });

  it('appends n increasing keys', () => {
    const keys = ranksAfter('a5', 4);
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]! > 'a5').toBe(true);
    expect(ranksAfter(null, 2)).toEqual(['a0', 'a1']);
  });
});

describe('planRank', () => {
  const tie = (ids: string[], rank = 'a1'): Ranked[] => ids.map((id) => ({ id, rank }));

  it('uses one key in a normal gap', () => {
    const siblings = [
      { id: 'x', rank: 'a0' },
      { id: 'y', rank: 'a1' },
    ];
    const plan = planRank(siblings, 1, 'new');
    expect(plan.rerank).toEqual([]);
    expect(applyPlan(siblings, plan, 'new').map((s) => s.id)).toEqual(['x', 'new', 'y']);
  });

  it('reuses the tied rank when the id already falls between', () => {
    const plan = planRank(tie(['b', 'd']), 1, 'c');
    expect(plan).toEqual({ rank: 'a1', rerank: [] });
  });

  it('re-keys the smaller side of a tie run', () => {
    const siblings = [{ id: 'p', rank: 'a0' }, ...tie(['b', 'c', 'd', 'e']), { id: 'q', rank: 'a2' }];
    // Slot 4 is between c and d (index 1..4 is the run): right side [d, e] is re-keyed.
    const plan = planRank(siblings, 3, 'z');
    expect(plan.rerank.map((r) => r.id)).toEqual(['d', 'e']);
    expect(applyPlan(siblings, plan, 'z').map((s) => s.id)).toEqual(['p', 'b', 'c', 'z', 'd', 'e', 'q']);
    // Slot 2 (between b and c): left side [b] is re-keyed.
    const left = planRank(siblings, 2, 'a');
    expect(left.rerank.map((r) => r.id)).toEqual(['b']);
    expect(applyPlan(siblings, left, 'a').map((s) => s.id)).toEqual(['p', 'b', 'a', 'c', 'd', 'e', 'q']);
  });

  it('handles runs at either end of the list', () => {
    const siblings = tie(['m', 'n', 'o']);
    for (let index = 0; index <= 3; index++) {
      const plan = planRank(siblings, index, 'a');
      const ids = applyPlan(siblings, plan, 'a').map((s) => s.id);
      expect(ids.indexOf('a')).toBe(index);
    }
  });

  it('puts the record exactly at the requested slot in random tie-heavy lists (5,000 inserts)', () => {
    const random = rng(7);
    let list: Ranked[] = [];
    for (let i = 0; i < 5_000; i++) {
      const id = `id${Math.floor(random() * 1e9).toString(36)}${i}`;
      const index = Math.floor(random() * (list.length + 1));
      // Half the time, simulate a concurrent drop: reuse a neighbour's rank without planning.
      if (random() < 0.3 && list.length > 0) {
        const neighbour = list[Math.min(index, list.length - 1)] as Ranked;
        list = [...list, { id, rank: neighbour.rank }].sort(compareByRank);
        continue;
      }
      const plan = planRank(list, index, id);
      const rekeyed = new Map(plan.rerank.map((r) => [r.id, r.rank]));
      const next = list.map((s) => ({ id: s.id, rank: rekeyed.get(s.id) ?? s.rank }));
      next.splice(index, 0, { id, rank: plan.rank });
      expect(strictlySorted(next)).toBe(true);
      expect(isRankKey(plan.rank)).toBe(true);
      list = next;
    }
    expect(list.length).toBe(5_000);
  });
});
