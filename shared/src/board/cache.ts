/**
 * Per-document read cache, so selectors stay cheap for thousands of deals:
 * a record is parsed again only after a transaction touched it, and an
 * unchanged deal keeps its object identity (a memoised card does not re-render).
 *
 * Invalidation runs on the doc's `beforeObserverCalls` event, i.e. before any
 * observer (a UI hook, the server's activity deriver) can read. Between the
 * start of a transaction and that event the cache is bypassed, so reads inside
 * a transaction, or inside a transaction nested in an observer, are never stale.
 */
import * as Y from 'yjs';
import { boardMap, columnsMap, dealsMap, type BoardInfo, type Column, type Deal, type Parsed } from './schema';

export interface DocCache {
  /** Bumped on every transaction that changed something. */
  version: number;
  deals: Map<string, Parsed<Deal>>;
  columns: Map<string, Parsed<Column>>;
  board: BoardInfo | undefined;
  /** Derived values (lists, lanes) valid for one `version`. */
  memo: Map<string, { version: number; value: unknown }>;
}

interface Slot {
  open: number;
  cache: DocCache;
}

const slots = new WeakMap<Y.Doc, Slot>();

/** Which top-level record (if any) a changed type belongs to, by walking up its parents. */
function invalidate(slot: Slot, doc: Y.Doc, tr: Y.Transaction): void {
  // Compared by identity only, so `unknown` avoids Yjs's invariant generics.
  const deals: unknown = dealsMap(doc);
  const columns: unknown = columnsMap(doc);
  const board: unknown = boardMap(doc);
  const { cache } = slot;
  const drop = (parent: unknown, key: string | null): void => {
    if (key === null) return;
    if (parent === deals) cache.deals.delete(key);
    else if (parent === columns) cache.columns.delete(key);
  };
  tr.changed.forEach((keys, type) => {
    const changed: unknown = type;
    if (changed === deals || changed === columns) {
      keys.forEach((key) => drop(changed, key));
      return;
    }
    if (changed === board) cache.board = undefined;
    let node: { _item: Y.Item | null } = type;
    while (node._item) {
      const parent: unknown = node._item.parent;
      if (parent === deals || parent === columns) {
        drop(parent, typeof node._item.parentSub === 'string' ? node._item.parentSub : null);
        return;
      }
      if (!(parent instanceof Y.AbstractType)) return;
      node = parent;
    }
  });
  if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) cache.version++;
}

/**
 * The cache for `doc`, or null when it cannot be trusted right now (a
 * transaction is open). Created on first use outside any transaction.
 */
export function docCache(doc: Y.Doc): DocCache | null {
  let slot = slots.get(doc);
  if (!slot) {
    if (doc._transaction !== null || doc._transactionCleanups.length > 0) return null;
    const fresh: Slot = {
      open: 0,
      cache: { version: 0, deals: new Map(), columns: new Map(), board: undefined, memo: new Map() },
    };
    doc.on('beforeTransaction', () => {
      fresh.open++;
    });
    doc.on('beforeObserverCalls', (tr) => {
      fresh.open = Math.max(0, fresh.open - 1);
      invalidate(fresh, doc, tr);
    });
    slots.set(doc, fresh);
    slot = fresh;
  }
  if (slot.open > 0) return null;
  return slot.cache;
}

/**
 * How many derived values a document keeps. Keys per filter (a search being typed) come and
 * go; the least recently computed beyond this are dropped.
 */
const MAX_MEMO_ENTRIES = 32;

/**
 * `compute(previous)` once per document version under `key`; uncached when the cache is
 * bypassed. `previous` is the value last computed under `key` (from an older version), so
 * `compute` can hand back the parts that did not change as the same objects.
 */
export function memo<T>(doc: Y.Doc, key: string, compute: (previous: T | undefined) => T): T {
  const cache = docCache(doc);
  if (!cache) return compute(undefined);
  const hit = cache.memo.get(key);
  // The value under `key` was produced by this same `compute` type, so the cast is sound.
  const previous = hit?.value as T | undefined;
  if (hit && hit.version === cache.version) return previous as T;
  const value = compute(previous);
  cache.memo.delete(key); // re-inserted last: the map's order is least recently computed first
  cache.memo.set(key, { version: cache.version, value });
  if (cache.memo.size > MAX_MEMO_ENTRIES) {
    const oldest = cache.memo.keys().next().value;
    if (oldest !== undefined) cache.memo.delete(oldest);
  }
  return value;
}
