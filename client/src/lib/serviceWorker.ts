/**
 * Registers the service worker (built by vite-plugin-pwa, see client/vite.config.ts) that lets
 * the app and its boards open offline.
 */
import { parseRoute } from './route';
import { afterBoardPainted } from './firstPaint';

/**
 * On a board's columns, how long the worker's registration may wait for the board's first paint:
 * installing fetches and stores every asset of the app, which on a first visit competed with
 * loading a big board (its state arrives and is applied meanwhile).
 */
const REGISTER_WITHIN_MS = 5_000;

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
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  const route = parseRoute(location.hash);
  const onBoard = route.name === 'board' && route.view === 'board';
  window.addEventListener('load', () => (onBoard ? afterBoardPainted(register, REGISTER_WITHIN_MS) : register()));
}
