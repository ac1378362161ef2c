/**
 * Registers the service worker (built by vite-plugin-pwa, see client/vite.config.ts) that lets
 * the app and its boards open offline.
 */
import { parseRoute } from './route';

/**
 * The REST answers a board page reads offline (the worker caches them as they pass). The first
 * visit made them before the worker was in control, so they are asked for once more then.
 */
function warmOfflineCache(): void {
  const paths = ['/api/auth/me', '/api/boards'];
  const route = parseRoute(location.hash);
  const boardId = route.name === 'board' ? route.boardId : null;
  if (boardId) paths.push(`/api/boards/${encodeURIComponent(boardId)}`, `/api/boards/${encodeURIComponent(boardId)}/members`);
  for (const path of paths) void fetch(path, { credentials: 'same-origin' }).catch(() => undefined);
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) warmOfflineCache();
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
