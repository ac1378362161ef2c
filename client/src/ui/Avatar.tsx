/**
 * A person's initials on their colour, with AA contrast. The initials are drawn by CSS
 * (::before): the name is the image's label, so a button holding an avatar ("Account: Ada
 * Lovelace") has no visible text its name leaves out.
 */
import { memo } from 'react';
import { avatarColors, colorFor, initials, safeColor } from '../lib/color';

export const Avatar = memo(function Avatar({
  name,
  id,
  color,
  size = 24,
  title,
}: {
  name: string;
  id: string;
  color?: string | null;
  size?: number;
  title?: string;
}) {
  const colors = avatarColors(safeColor(color, colorFor(id)));
  return (
    <span
      className="avatar"
      style={{ ['--size' as string]: `${size}px`, background: colors.background, color: colors.color }}
      title={title ?? name}
      aria-label={title ?? name}
      role="img"
      data-initials={initials(name)}
    />
  );
});
