/**
 * Light / dark / follow the system; the choice is kept in localStorage. The resolved theme
 * is always applied as data-theme on <html> ("system" follows prefers-color-scheme live), so
 * the stylesheets spell each dark rule once, under [data-theme='dark'].
 */
import { useSyncExternalStore } from 'react';
import { Signal } from '../lib/signal';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'tranche:theme';

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const theme = new Signal<ThemeChoice>(read());

const systemDark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
systemDark?.addEventListener('change', () => {
  if (theme.get() === 'system') applyTheme('system');
});

/** Applies the stored theme; called once before the first render so nothing flashes. */
export function applyTheme(choice: ThemeChoice = theme.get()): void {
  const resolved = choice === 'system' ? (systemDark?.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = resolved;
}

export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  theme.set(choice);
  applyTheme(choice);
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(theme.subscribe, theme.get, theme.get);
}
