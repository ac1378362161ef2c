/** Links: a clear reason for each refusal, and the document schema refuses the same things. */
import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../shared/src/input/link';
import { dealPatchSchema, isHttpUrl, LIMITS } from '../../../shared/src/board/validate';

describe('parseLink', () => {
  it('adds https:// to a pasted address without a scheme', () => {
    expect(parseLink(' openai.com/blog ')).toEqual({ ok: true, value: 'https://openai.com/blog' });
    expect(parseLink('http://example.com/a?b=1')).toEqual({ ok: true, value: 'http://example.com/a?b=1' });
  });

  it('refuses "not a url" as not a web address instead of storing https://not%20a%20url', () => {
    expect(parseLink('not a url')).toEqual({ ok: false, message: '"not a url" is not a web address: paste a link like https://example.com/article.' });
    expect(parseLink('draft')).toMatchObject({ ok: false, message: expect.stringContaining('not a web address') });
  });

  it('refuses a 3,000-character URL because it is too long, saying so', () => {
    const long = `https://example.com/${'a'.repeat(3_000 - 20)}`;
    expect(long).toHaveLength(3_000);
    expect(parseLink(long)).toEqual({ ok: false, message: 'This link is 3,000 characters long; the most a link can have is 2,048.' });
  });

  it('refuses other schemes with that reason', () => {
    expect(parseLink('javascript:alert(1)')).toEqual({ ok: false, message: 'Only http:// and https:// links are allowed.' });
  });

  it('matches the document schema: the encoded-space host and the long link are refused there too', () => {
    expect(isHttpUrl('https://not%20a%20url')).toBe(false);
    expect(isHttpUrl('https://not a url')).toBe(false);
    const tooLong = dealPatchSchema.safeParse({ links: [`https://example.com/${'a'.repeat(LIMITS.link)}`] });
    expect(tooLong.error?.issues[0]?.message).toBe(`must be at most ${LIMITS.link} characters`);
    expect(dealPatchSchema.safeParse({ links: ['https://not a url'] }).error?.issues[0]?.message).toBe('must be an http(s) URL');
  });
});
