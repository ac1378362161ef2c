/**
 * Hash routes, so any static host (and the server's dist/client) serves deep links:
 * `#/` boards, `#/b/<boardId>` a board, `#/b/<boardId>/d/<dealId>` a board with a deal open,
 * `#/invite/<token>` an invite link.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'boards' }
  | { name: 'board'; boardId: string; dealId: string | null; at: string | null }
  | { name: 'invite'; token: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'b' && parts[1]) {
    // `?at=<ISO>`: the board as it was then (time travel), read-only.
    const at = new URLSearchParams(query).get('at');
    return { name: 'board', boardId: parts[1], dealId: parts[2] === 'd' && parts[3] ? parts[3] : null, at: at && Number.isFinite(Date.parse(at)) ? at : null };
  }
  if (parts[0] === 'invite' && parts[1]) return { name: 'invite', token: parts[1] };
  return { name: 'boards' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function boardHref(boardId: string, dealId?: string | null, at?: string | null): string {
  return `#/b/${encodeURIComponent(boardId)}${dealId ? `/d/${encodeURIComponent(dealId)}` : ''}${at ? `?at=${encodeURIComponent(at)}` : ''}`;
}

/** Go to a hash route; `replace` keeps the back button for real navigation only. */
export function navigate(hash: string, replace = false): void {
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

const getHash = () => location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseRoute(hash);
}
