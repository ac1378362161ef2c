/**
 * Test hooks. Only when localStorage 'tranche:debug' is '1' does the page expose its document
 * (window.__tranche) and count card renders; the product never depends on this.
 */
export const DEBUG = (() => {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem('tranche:debug') === '1';
  } catch {
    return false;
  }
})();

interface DebugHandle {
  renders: Record<string, number>;
  mounts: Record<string, number>;
  [key: string]: unknown;
}

function handle(): DebugHandle {
  const w = window as unknown as { __tranche?: DebugHandle };
  w.__tranche ??= { renders: {}, mounts: {} };
  return w.__tranche;
}

/** Publishes values on window.__tranche when the debug flag is set. */
export function exposeForTests(values: Record<string, unknown>): void {
  if (!DEBUG) return;
  Object.assign(handle(), values);
}

/** Counts renders of a card body, so a test can check that a remote move re-renders one card. */
export function countRender(id: string): void {
  if (!DEBUG) return;
  const r = handle().renders;
  r[id] = (r[id] ?? 0) + 1;
}

/** Counts mounts of a card body (virtualisation mounts cards as they scroll into view). */
export function countMount(id: string): void {
  if (!DEBUG) return;
  const m = handle().mounts;
  m[id] = (m[id] ?? 0) + 1;
}
