/**
 * The parts of an open board its first paint does not need, each in a chunk of its own (the
 * deal drawer with its notes editor, the table, the import, webhooks and exchange-rate dialogs:
 * about a third of the app's code), so the board's page starts sooner. Each loads when first
 * shown, and all are fetched once the board has painted and the page is idle, so opening one
 * seldom waits. (Insights, the heaviest, loads only when opened: see BoardLayout.)
 */
import { lazy } from 'react';
import { afterBoardPainted } from '../../lib/firstPaint';
import { whenIdle } from '../../lib/whenIdle';

const load = {
  drawer: () => import('./drawer/DealDrawer'),
  table: () => import('../table/TableView'),
  importDialog: () => import('../import/ImportDialog'),
  webhooks: () => import('./WebhooksDialog'),
  rates: () => import('../rates/RatesDialog'),
};

export const DealDrawer = lazy(() => load.drawer().then((m) => ({ default: m.DealDrawer })));
export const TableView = lazy(() => load.table().then((m) => ({ default: m.TableView })));
export const ImportDialog = lazy(() => load.importDialog().then((m) => ({ default: m.ImportDialog })));
export const WebhooksDialog = lazy(() => load.webhooks().then((m) => ({ default: m.WebhooksDialog })));
export const RatesDialog = lazy(() => load.rates().then((m) => ({ default: m.RatesDialog })));

/** How long after the board's page opened the parts are fetched at the latest, when no board paints (the table, an error). */
const FETCH_WITHIN_MS = 10_000;
/** Once painted, how long the fetch may wait for an idle moment. */
const IDLE_WITHIN_MS = 2_000;

let fetched = false;

/** Fetches every later part once the board has painted. */
export function fetchLaterParts(): void {
  if (fetched) return;
  fetched = true;
  afterBoardPainted(
    () =>
      whenIdle(() => {
        for (const part of Object.values(load)) part().catch(() => undefined);
      }, IDLE_WITHIN_MS),
    FETCH_WITHIN_MS,
  );
}
