/** Avatar initials reach WCAG AA (4.5:1) on every person's colour; the client and the server give a person the same one. */
import { describe, expect, it } from 'vitest';
import { avatarColors, colorFor as clientColorFor } from '../../../client/src/lib/color';
import { PERSON_COLORS, colorFor } from '../../../shared/src/personColor';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const ratio = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};

describe('avatarColors', () => {
  it.each([...PERSON_COLORS])('initials on %s have at least 4.5:1', (colour) => {
    const { background, color } = avatarColors(colour);
    expect(ratio(background, color)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives a person one colour: the client draws with the colour function the server stamps presence with', () => {
    expect(clientColorFor).toBe(colorFor);
    expect(colorFor('u-ada')).toBe(colorFor('u-ada'));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(colorFor)).size).toBeGreaterThan(1);
  });

  it("keeps the person's colour when a text colour reads on it", () => {
    expect(avatarColors('#84cc16')).toEqual({ background: '#84cc16', color: '#101828' });
    expect(avatarColors('#4f46e5')).toEqual({ background: '#4f46e5', color: '#ffffff' });
  });
});
