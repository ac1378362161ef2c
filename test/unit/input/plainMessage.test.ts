/** The UI shows the API's field-prefixed errors as plain sentences. */
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../../client/src/lib/plainMessage';

describe('plainMessage', () => {
  it('drops the field name the API puts first and ends the sentence', () => {
    expect(plainMessage('email: nobody has signed up with kim@example.com')).toBe('Nobody has signed up with kim@example.com.');
    expect(plainMessage('links.0: must be an http(s) URL')).toBe('Must be an http(s) URL.');
  });

  it('leaves a sentence alone', () => {
    expect(plainMessage('Cannot reach the server. Check your connection and try again.')).toBe('Cannot reach the server. Check your connection and try again.');
  });
});
