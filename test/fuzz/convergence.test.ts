/**
 * Seeded convergence fuzz: >= 3 replicas, random operations from every
 * mutation, out-of-order / duplicated / delayed delivery, partitions that
 * heal. After a full exchange all replicas must be identical and the board
 * invariants must hold. A failure prints its seed; replay it with
 * `FUZZ_SEED=<n> npx vitest run test/fuzz` and add it to KNOWN_SEEDS.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from './harness';

/** Seeds that once failed, kept as named regression tests. */
const KNOWN_SEEDS: { seed: number; name: string }[] = [];

const SEEDS = Number(process.env.FUZZ_SEEDS ?? 500);
const FIRST = Number(process.env.FUZZ_FIRST ?? 1);
const ONLY = process.env.FUZZ_SEED === undefined ? null : Number(process.env.FUZZ_SEED);
const BATCH = 50;

describe('convergence fuzz', () => {
  for (const { seed, name } of KNOWN_SEEDS) {
    it(`regression: seed ${seed} — ${name}`, () => {
      runSeed(seed);
    });
  }

  if (ONLY !== null) {
    it(`seed ${ONLY}`, () => {
      runSeed(ONLY);
    });
    return;
  }

  for (let start = FIRST; start < FIRST + SEEDS; start += BATCH) {
    const end = Math.min(start + BATCH, FIRST + SEEDS);
    it(`seeds ${start}..${end - 1} converge`, () => {
      let okOps = 0;
      for (let seed = start; seed < end; seed++) okOps += runSeed(seed).okOps;
      expect(okOps).toBeGreaterThan(0);
    });
  }
});
