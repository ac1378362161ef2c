/**
 * How big a board may grow. A board page decodes the whole document before it can be
 * edited (it shows the server's preview meanwhile, preview.ts): at 10,000 full deals (about
 * 15 MiB) that already takes seconds in a browser, and
 * 50,000 (about 78 MiB) is unusable and past the server's byte limit. So a board holds at most
 * MAX_DEALS_PER_BOARD deals, archived ones included; deleting deals makes room. Every path
 * that adds a deal checks it: the shared mutations (UI, REST, import) and the server's check
 * of every Yjs update (outside clients).
 */
import type * as Y from 'yjs';
import { dealsMap } from './schema';

export const MAX_DEALS_PER_BOARD = 10_000;

export const DEAL_LIMIT_MESSAGE = `the board is full: a board holds at most ${MAX_DEALS_PER_BOARD.toLocaleString('en-US')} deals (archived ones included); delete deals or start a new board`;

/**
 * True when one more deal would take the board past the limit. Y.Map's `size` walks every
 * entry, which would make a 10,000-row import quadratic; the count of keys ever set (deleted
 * ones included) bounds it and is read at once, so the walk runs only near the limit.
 */
export function boardHasNoRoomForDeals(doc: Y.Doc): boolean {
  const deals = dealsMap(doc);
  return deals._map.size >= MAX_DEALS_PER_BOARD && deals.size >= MAX_DEALS_PER_BOARD;
}
