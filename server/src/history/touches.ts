/**
 * Who last wrote each field of each deal, found by replaying the log's updates one at a
 * time onto a document and watching which deal fields each one changed. This is how a
 * change between two moments gets its author and time from the log itself.
 */
import * as Y from 'yjs';
import { dealsMap } from '../../../shared/src/board/schema';
import type { StoredUpdate } from '../store/Store';

export interface Touch {
  at: string;
  userId: string | null;
}

/** dealId → field (or '*' for the deal itself: created, deleted) → its last write. */
export type Touches = Map<string, Map<string, Touch>>;

/** Applies `updates` in order to `doc` (changing it), returning the last write of every deal field. */
export function replayTouches(doc: Y.Doc, updates: readonly StoredUpdate[]): Touches {
  const touches: Touches = new Map();
  let current: Touch = { at: '', userId: null };
  const touch = (dealId: string, field: string) => {
    let fields = touches.get(dealId);
    if (!fields) touches.set(dealId, (fields = new Map()));
    fields.set(field, current);
  };
  const deals = dealsMap(doc);
  const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const event of events) {
      const path = event.path;
      if (path.length === 0) {
        for (const key of event.keys.keys()) touch(key, '*');
      } else if (path.length === 1) {
        for (const key of event.keys.keys()) touch(String(path[0]), key);
      } else {
        touch(String(path[0]), String(path[1]));
      }
    }
  };
  deals.observeDeep(observer);
  try {
    for (const update of updates) {
      current = { at: update.at, userId: update.userId };
      Y.applyUpdate(doc, update.update);
    }
  } finally {
    deals.unobserveDeep(observer);
  }
  return touches;
}
