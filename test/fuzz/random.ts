/** Seeded randomness for the fuzz: every choice derives from the seed, so a failure replays exactly. */
export interface Random {
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T | undefined;
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T;
  id(): string;
}

/** mulberry32: small, fast, good enough for test choices. */
export function random(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => (list.length === 0 ? undefined : list[int(list.length)]),
    weighted(weights) {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) {
        roll -= w;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    id: () => Array.from({ length: 16 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[int(36)]).join(''),
  };
}
