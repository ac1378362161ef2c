/** A person's initials on their colour; `ring` outlines it (e.g. someone live on the board). */
import { memo } from 'react';
import { colorFor, initials, safeColor } from '../lib/color';

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
  const bg = safeColor(color, colorFor(id));
  return (
    <span className="avatar" style={{ ['--size' as string]: `${size}px`, background: bg }} title={title ?? name} aria-label={title ?? name} role="img">
      {initials(name)}
    </span>
  );
});
