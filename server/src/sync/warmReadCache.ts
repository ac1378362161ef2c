/**
 * Parses every deal of a freshly loaded board into the document's read cache
 * (shared/src/board/cache.ts), a slice at a time with the event loop free between slices.
 * The first reader of a 10,000-deal board (the page's GET /api/boards/:id counts its deals,
 * an export lists them) would otherwise parse them all at once and hold the loop for most of
 * a second. A deal changed meanwhile simply drops out of the cache and is parsed when read.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as Y from 'yjs';
import { readDealById } from '../../../shared/src/board/readers';
import { dealsMap } from '../../../shared/src/board/schema';

/** Deals parsed between two turns of the loop (about 10 ms on this 2-core machine; 250 took 25-90 ms, the longest block of a cold load). */
const DEALS_PER_SLICE = 100;

export async function warmReadCache(doc: Y.Doc): Promise<void> {
  const ids = [...dealsMap(doc).keys()];
  for (let from = 0; from < ids.length; from += DEALS_PER_SLICE) {
    for (const id of ids.slice(from, from + DEALS_PER_SLICE)) readDealById(doc, id);
    await nextTurn();
  }
}
