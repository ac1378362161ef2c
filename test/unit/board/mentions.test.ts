/**
 * Mention tokens (shared/src/board/mentions.ts) and the composer's conversion between what a
 * person types and what is stored (client/src/features/board/drawer/mentionText.ts).
 */
import { describe, expect, it } from 'vitest';
import { findMentions, mentionToken, mentionedIds, mentionsAsText, splitMentions } from '../../../shared/src/board/mentions';
import { mentionQuery, toEditable, toStored } from '../../../client/src/features/board/drawer/mentionText';

const ADA = 'a1b2c3d4-0000-4000-8000-000000000001';
const BOB = 'a1b2c3d4-0000-4000-8000-000000000002';

describe('mention tokens', () => {
  it('round-trips ids and labels, keeps repeats in findMentions and distinct ids in mentionedIds', () => {
    const text = `${mentionToken(ADA, 'Ada')} and ${mentionToken(BOB, 'Bob [ops]')} and ${mentionToken(ADA, 'Ada')}`;
    expect(findMentions(text).map((m) => m.userId)).toEqual([ADA, BOB, ADA]);
    expect(mentionedIds(text)).toEqual([ADA, BOB]);
    expect(findMentions(text)[1]!.label).toBe('Bob [ops'); // "]" cannot break the token
    expect(mentionsAsText(text, (id) => (id === ADA ? 'Ada Lovelace' : undefined))).toBe('@Ada Lovelace and @Bob [ops and @Ada Lovelace');
    expect(splitMentions('no mentions')).toEqual([{ kind: 'text', text: 'no mentions' }]);
  });

  it('does not take text that only looks like a mention', () => {
    expect(findMentions('@[Ada](mailto:ada@example.com) @Ada [x](user:)')).toEqual([]);
  });
});

describe('composer text ↔ stored body', () => {
  it('only picked members become tokens, and a longer word is not a mention of a shorter name', () => {
    const picked = new Map([['Bob', BOB]]);
    expect(toStored('@Bob and @Bobby and @Cleo', picked)).toBe(`${mentionToken(BOB, 'Bob')} and @Bobby and @Cleo`);
  });

  it('editing shows current names and saves the same tokens back', () => {
    const body = `ping ${mentionToken(ADA, 'Old name')}`;
    const { text, picked } = toEditable(body, (id) => (id === ADA ? 'Ada' : undefined));
    expect(text).toBe('ping @Ada');
    expect(toStored(text, picked)).toBe(`ping ${mentionToken(ADA, 'Ada')}`);
  });

  it('finds the @query before the caret', () => {
    expect(mentionQuery('hi @Bo', 6)).toEqual({ start: 3, query: 'Bo' });
    expect(mentionQuery('mail ada@x', 10)).toBeNull();
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
  });
});
