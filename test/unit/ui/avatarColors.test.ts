/** Avatar initials reach WCAG AA (4.5:1) on every palette colour, the server's and the client's. */
import { describe, expect, it } from 'vitest';
import { avatarColors } from '../../../client/src/lib/color';

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

const CLIENT = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#ec4899', '#8b5cf6', '#14b8a6', '#f97316', '#84cc16'];
const SERVER = ['#e11d48', '#d97706', '#059669', '#0284c7', '#7c3aed', '#db2777', '#0d9488', '#4f46e5', '#ca8a04', '#16a34a'];

describe('avatarColors', () => {
  it.each([...CLIENT, ...SERVER])('initials on %s have at least 4.5:1', (colour) => {
    const { background, color } = avatarColors(colour);
    expect(ratio(background, color)).toBeGreaterThanOrEqual(4.5);
  });

  it("keeps the person's colour when a text colour reads on it", () => {
    expect(avatarColors('#84cc16')).toEqual({ background: '#84cc16', color: '#101828' });
    expect(avatarColors('#4f46e5')).toEqual({ background: '#4f46e5', color: '#ffffff' });
  });
});
