import { describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { commentSchema, dealPatchSchema, firstIssue, isCurrencyCode, isHttpUrl, isIsoDate, newColumnSchema, newDealSchema } from '../../../shared/src/board';
import { tagKey, uniqueTags } from '../../../shared/src/board/validate';

function issue(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return firstIssue(result.error);
}

describe('scalar checks', () => {
  it('isCurrencyCode: ISO 4217 codes only', () => {
    for (const good of ['USD', 'EUR', 'JPY', 'GBP']) expect(isCurrencyCode(good)).toBe(true);
    for (const bad of ['usd', 'US', 'USDD', 'ZZZ', '', 1, null]) expect(isCurrencyCode(bad)).toBe(false);
  });

  it('isHttpUrl: absolute http(s) only', () => {
    expect(isHttpUrl('https://openai.com/')).toBe(true);
    expect(isHttpUrl('http://example.com/a?b=c')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'ftp://x.org', '/relative', 'https://', 'data:text/html,hi', 'x'.repeat(3000), 5]) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });

  it('isIsoDate: dates and zoned date-times', () => {
    expect(isIsoDate('2026-03-31')).toBe(true);
    expect(isIsoDate('2026-01-29T12:00:00.000Z')).toBe(true);
    expect(isIsoDate('2026-01-29T12:00:00+01:00')).toBe(true);
    for (const bad of ['2026-13-01', '29/01/2026', '2026-01-29T12:00:00', '', null]) expect(isIsoDate(bad)).toBe(false);
  });
});

describe('input schemas', () => {
  const base = { columnId: 'c1', title: 'Deal' };

  it('trim titles and dedupe tags', () => {
    const parsed = newDealSchema.parse({ ...base, title: '  Amazon → OpenAI  ', tags: ['AI', 'AI', ' cloud '] });
    expect(parsed.title).toBe('Amazon → OpenAI');
    expect(parsed.tags).toEqual(['AI', 'cloud']);
  });

  it.each([
    [{ ...base, title: '   ' }, 'title'],
    [{ ...base, title: 'x'.repeat(201) }, 'title'],
    [{ ...base, amount: -1 }, 'amount'],
    [{ ...base, amount: Number.POSITIVE_INFINITY }, 'amount'],
    [{ ...base, amount: Number.NaN }, 'amount'],
    [{ ...base, valuation: '830e9' }, 'valuation'],
    [{ ...base, probability: 101 }, 'probability'],
    [{ ...base, probability: 12.5 }, 'probability'],
    [{ ...base, currency: 'usd' }, 'currency'],
    [{ ...base, expectedClose: 'soon' }, 'expectedClose'],
    [{ ...base, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    [{ ...base, tags: ['ok', 'x'.repeat(41)] }, 'tags.1'],
    [{ ...base, links: ['javascript:alert(1)'] }, 'links.0'],
    [{ ...base, links: Array.from({ length: 21 }, (_, i) => `https://e.com/${i}`) }, 'links'],
    [{ ...base, kind: 'ipo' }, 'kind'],
    [{ ...base, amountQualifier: 'roughly' }, 'amountQualifier'],
    [{ ...base, columnId: '' }, 'columnId'],
    [{ ...base, colour: 'red' }, 'colour'],
    [{ title: 'no column' }, 'columnId'],
  ])('newDealSchema rejects %j naming %s', (input, field) => {
    expect(issue(newDealSchema, input).field).toBe(field);
  });

  it('column rules', () => {
    expect(issue(newColumnSchema, { name: 'x'.repeat(61) }).field).toBe('name');
    expect(issue(newColumnSchema, { name: 'A', color: 'blue' }).field).toBe('color');
    expect(issue(newColumnSchema, { name: 'A', staleDays: 0 }).field).toBe('staleDays');
    expect(newColumnSchema.parse({ name: ' Due diligence ', color: '#aabbcc', staleDays: null }).name).toBe('Due diligence');
  });

  it('dealPatchSchema is the plain editable fields only', () => {
    expect(dealPatchSchema.parse({})).toEqual({});
    expect(issue(dealPatchSchema, { columnId: 'c2' })).toEqual({ field: 'columnId', message: 'columnId: unknown field' });
    expect(issue(dealPatchSchema, { rank: 'a0' }).field).toBe('rank');
    expect(issue(dealPatchSchema, { archived: true }).field).toBe('archived');
  });

  it('comment bodies: 1..5000 unless deleted', () => {
    const comment = { id: 'k', authorId: 'ada', body: 'hi', createdAt: '2026-01-29T12:00:00.000Z', editedAt: null, deleted: false };
    expect(commentSchema.safeParse(comment).success).toBe(true);
    expect(issue(commentSchema, { ...comment, body: '' }).field).toBe('body');
    expect(commentSchema.safeParse({ ...comment, body: '', deleted: true }).success).toBe(true);
    expect(issue(commentSchema, { ...comment, body: 'x'.repeat(5001) }).field).toBe('body');
  });

  it('firstIssue names the whole input as ""', () => {
    expect(issue(newDealSchema, null).field).toBe('');
  });
});

describe('tag keys', () => {
  // Letters whose lowercase depends on the language or context: the Turkish and Lithuanian dotted
  // and dotless i, final sigma, sharp s, Armenian and Cyrillic, combining marks, an emoji.
  const tricky = ['AI', 'İstanbul', 'IIİı', 'ΟΔΥΣΣΕΥΣ', 'ΣΑΣ Σ', 'Straße ẞ', 'Ǆ ǅ ǆ', 'ԱԲԳ', 'ПРИВЕТ', 'Í̀ J̀', 'Ω K Å', '  Mixed Case  ', '🚀 Fusion'];

  it('reads every tag as English lowercases it, as the key always did', () => {
    for (const tag of tricky) expect(tagKey(tag)).toBe(tag.trim().toLocaleLowerCase('en-US'));
  });

  it('keeps the first spelling of each tag once', () => {
    expect(uniqueTags(['AI', ' ai', 'Chips', 'ΣΑΣ', 'σας', 'İ', 'i̇'])).toEqual(['AI', 'Chips', 'ΣΑΣ', 'İ']);
  });
});
