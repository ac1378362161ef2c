/**
 * The per-board deal limit (shared/src/board/limits.ts) for updates from outside the shared
 * mutations: a Yjs client may add deals with plain map sets. An update that would take the
 * board past the limit is refused whole, as one past the byte limit is.
 */
import * as Y from 'yjs';
import { MAX_DEALS_PER_BOARD } from '../../../shared/src/board/limits';
import { dealsMap } from '../../../shared/src/board/schema';
import type { DecodedStruct } from './protocol';

/**
 * How many deals the update adds: new structs that set a key of the root deals map the board
 * does not hold. (A deal's first value names the map it is set in; later values of the same
 * key name the value they replace instead, so they never count.)
 */
export function dealsAddedBy(doc: Y.Doc, structs: readonly DecodedStruct[]): number {
  const deals = dealsMap(doc);
  const root = Y.findRootTypeKey(deals);
  const added = new Set<string>();
  for (const struct of structs) {
    // A decoded item names a root parent by its name (typed as a type, it is a string here).
    const parent: unknown = struct instanceof Y.Item ? struct.parent : null;
    if (!(struct instanceof Y.Item) || parent !== root || struct.parentSub === null) continue;
    if (struct.id.clock < Y.getState(doc.store, struct.id.client) || deals.has(struct.parentSub)) continue;
    added.add(struct.parentSub);
  }
  return added.size;
}

/** True when applying the update would leave the board with more deals than the limit allows. */
export function exceedsDealLimit(doc: Y.Doc, structs: readonly DecodedStruct[]): boolean {
  const added = dealsAddedBy(doc, structs);
  return added > 0 && dealsMap(doc).size + added > MAX_DEALS_PER_BOARD;
}
