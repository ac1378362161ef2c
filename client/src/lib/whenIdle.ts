/** Runs `task` once the page is idle, or after `withinMs` at the latest (at once after it where idle callbacks are missing). */
export function whenIdle(task: () => void, withinMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: withinMs });
  else setTimeout(task, withinMs);
}
