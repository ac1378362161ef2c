/**
 * The readers' fast path gives exactly what the zod parse gives: for seeded random records
 * (a valid one with a few fields swapped for edge cases and wrong values), `plainDeal` and
 * `plainComment` either step aside (null) or return the parse's value, keys in the same order.
 */
import { describe, expect, it } from 'vitest';
import { plainComment, plainDeal } from '../../../shared/src/board/plainRecords';
import { commentSchema, storedDealSchema } from '../../../shared/src/board/validate';

/** mulberry32: a small seeded generator, so a failure names a record that can be rebuilt. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const AT = '2026-01-29T12:00:00.000Z';
const long = (n: number) => 'x'.repeat(n);
const ids = ['d1', '', long(64), long(65), 5, null, undefined];
const parties = ['', ' Amazon ', long(200), ` ${long(200)} `, long(201), null, 1];
const money = [null, 0, -0, 5e10, 1e15, 1e15 + 1, -1, NaN, Infinity, '5', 1.5];
const timestamps = [
  AT,
  '2026-01-29T12:00:00+01:00',
  '2026-01-29T12:00:00.1Z',
  '2026-13-01T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2025-02-29T00:00:00Z',
  '2026-01-29',
  '2026-01-29T12:00:00',
  5,
  null,
];

const COMMENT = { id: 'k1', authorId: 'ada', body: 'Looks good', createdAt: AT, editedAt: null, deleted: false };
const commentPool: Record<string, unknown[]> = {
  id: ids,
  authorId: ['ada', '', 5, null],
  body: ['Looks good', '', '   ', ' padded ', long(5_000), long(5_001), 5, null],
  createdAt: timestamps,
  editedAt: [null, ...timestamps],
  deleted: [false, true, 'yes', null],
};

const DEAL = {
  id: 'd1',
  title: 'Amazon to invest in OpenAI',
  kind: 'investment',
  acquirer: 'Amazon',
  target: 'OpenAI',
  amount: 50_000_000_000,
  amountQualifier: 'up_to',
  currency: 'USD',
  valuation: null,
  probability: 40,
  ownerId: 'ada',
  expectedClose: '2027-06-30',
  partOf: null,
  tags: ['AI', 'cloud'],
  links: ['https://example.com/deal/1'],
  notes: 'Talks reported.',
  comments: [COMMENT],
  columnId: 'c1',
  rank: 'a0',
  createdAt: AT,
  createdBy: 'ada',
  updatedAt: AT,
  updatedBy: 'bob',
  stageEnteredAt: AT,
  archived: false,
};
const dealPool: Record<string, unknown[]> = {
  id: ids,
  title: ['Deal', '  padded  ', '   ', '', long(200), ` ${long(200)} `, long(201), null, 3],
  kind: ['investment', 'other', 'merger', 'bogus', null],
  acquirer: parties,
  target: parties,
  amount: money,
  amountQualifier: ['exact', 'about', 'at_least', 'nope', null],
  currency: ['USD', 'EUR', 'JPY', 'usd', 'XYZ', 'US', 5],
  valuation: money,
  probability: [null, 0, 100, 50, 101, -1, 5.5, '50', NaN],
  ownerId: ids,
  expectedClose: [null, '2027-06-30', '2027-02-30', AT, '2026-01-29T12:00:00', 'soon', '', 5],
  partOf: ids,
  tags: [
    [],
    ['AI', 'cloud'],
    [' AI ', 'ai', 'Cloud'],
    [''],
    ['  '],
    [long(41)],
    [` ${long(40)} `],
    'AI',
    [5],
    Array.from({ length: 25 }, (_, i) => `t${i % 7}`),
  ],
  links: [
    [],
    ['https://example.com/a'],
    [' https://example.com/a ', 'https://example.com/a', 'http://b.example'],
    ['javascript:alert(1)'],
    ['not a url'],
    ['https://exa mple.com'],
    [`https://example.com/${long(2_040)}`],
    ['https://'],
    'https://example.com',
    [null],
  ],
  notes: ['', 'text', 5, null],
  comments: [
    [],
    [COMMENT],
    [COMMENT, { ...COMMENT, id: 'k2', body: '', deleted: true }],
    [{ ...COMMENT, body: '  ' }],
    [{ ...COMMENT, createdAt: 'bad' }],
    'x',
    [null],
    [5],
  ],
  columnId: ['c1', '', long(65), 9],
  rank: ['a0', 'a1V', 'a', '0a', 'Zz', 'a00', 'b00', '', null],
  createdAt: timestamps,
  createdBy: ['ada', '', 5],
  updatedAt: timestamps,
  updatedBy: ['bob', '', null],
  stageEnteredAt: timestamps,
  archived: [false, true, 'no', null],
};

/** `base` with up to three fields set to values from their pools (the same seed, the same records). */
function variants(base: Record<string, unknown>, pool: Record<string, unknown[]>, count: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const keys = Object.keys(pool);
  return Array.from({ length: count }, () => {
    const record = { ...base };
    const changes = Math.floor(next() * 4);
    for (let i = 0; i < changes; i++) {
      const key = pick(keys);
      record[key] = pick(pool[key]!);
    }
    return record;
  });
}

/** Compares one record both ways; returns whether the fast path took it. */
function expectSame(record: Record<string, unknown>, fast: unknown, parsed: { success: boolean; data?: unknown }): boolean {
  if (fast === null) return false;
  expect(parsed.success, JSON.stringify(record)).toBe(true);
  expect(fast, JSON.stringify(record)).toEqual(parsed.data);
  expect(JSON.stringify(fast), 'key order').toBe(JSON.stringify(parsed.data));
  return true;
}

describe('plainRecords: the readers fast path', () => {
  it('gives what storedDealSchema gives for every deal it takes, and takes the plainly valid ones', () => {
    const records = variants(DEAL, dealPool, 6_000, 1_234);
    let taken = 0;
    let valid = 0;
    for (const record of records) {
      const parsed = storedDealSchema.safeParse(record);
      if (parsed.success) valid++;
      if (expectSame(record, plainDeal(record), parsed)) taken++;
    }
    expect(plainDeal(DEAL)).toEqual(storedDealSchema.parse(DEAL));
    // Trimming, deduplicating and edge cases of the rules all stay on the fast path.
    expect(taken).toBe(valid);
    expect(valid).toBeGreaterThan(1_000);
  });

  it('gives what commentSchema gives for every comment it takes', () => {
    const records = variants(COMMENT, commentPool, 3_000, 99);
    let taken = 0;
    let valid = 0;
    for (const record of records) {
      const parsed = commentSchema.safeParse(record);
      if (parsed.success) valid++;
      if (expectSame(record, plainComment(record), parsed)) taken++;
    }
    expect(taken).toBe(valid);
    expect(valid).toBeGreaterThan(500);
  });
});
