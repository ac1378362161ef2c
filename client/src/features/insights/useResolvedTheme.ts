/** The theme actually shown (data-theme on <html>), for charts that draw their own colours. */
import { useSyncExternalStore } from 'react';

const read = (): 'light' | 'dark' => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

function subscribe(cb: () => void): () => void {
  const observer = new MutationObserver(cb);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useResolvedTheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, read, read);
}
