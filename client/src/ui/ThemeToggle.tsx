/** Cycles system → light → dark. */
import { setTheme, useTheme, type ThemeChoice } from '../hooks/useTheme';
import { Icon } from './Icon';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function ThemeToggle() {
  const choice = useTheme();
  return (
    <button
      type="button"
      className="icon-btn theme-toggle"
      onClick={() => setTheme(NEXT[choice])}
      aria-label={`${LABEL[choice]} (click to change)`}
      title={LABEL[choice]}
    >
      <Icon name={choice === 'dark' ? 'moon' : choice === 'light' ? 'sun' : 'monitor'} />
    </button>
  );
}
