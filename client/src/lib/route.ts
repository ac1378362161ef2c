/**
 * Hash routes, so any static host (and the server's dist/client) serves deep links:
 * `#/` boards, `#/b/<boardId>` a board, `#/b/<boardId>/d/<dealId>` a board with a deal open,
 * `#/invite/<token>` an invite link.
 * `#/b/<boardId>/table` and `#/b/<boardId>/insights` the board's other views (each may add `/d/<dealId>`).
 */
import { useSyncExternalStore } from 'react';

/** The ways to look at one board: columns of cards, a table of rows, charts. */
export const BOARD_VIEWS = ['board', 'table', 'insights'] as const;
export type BoardViewName = (typeof BOARD_VIEWS)[number];

export type Route =
  { name: 'boards' } | { name: 'board'; boardId: string; dealId: string | null; view: BoardViewName; at: string | null } | { name: 'invite'; token: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'b' && parts[1]) {
    const rest = parts.slice(2);
    const view: BoardViewName = rest[0] === 'table' || rest[0] === 'insights' ? rest[0] : 'board';
    if (view !== 'board') rest.shift();
    // `?at=<ISO>`: the board as it was then (time travel), read-only.
    const at = new URLSearchParams(query).get('at');
    return {
      name: 'board',
      boardId: parts[1],
      dealId: rest[0] === 'd' && rest[1] ? rest[1] : null,
      view,
      at: at && Number.isFinite(Date.parse(at)) ? at : null,
    };
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

export function boardHref(boardId: string, dealId?: string | null, view: BoardViewName = 'board', at?: string | null): string {
  return `#/b/${encodeURIComponent(boardId)}${view === 'board' ? '' : `/${view}`}${dealId ? `/d/${encodeURIComponent(dealId)}` : ''}${at ? `?at=${encodeURIComponent(at)}` : ''}`;
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
