/**
 * The server is the authority on identity (CONTRACT.md): inside the transaction that
 * applied a client's update, `createdBy`, `updatedBy` and a comment's `authorId` are
 * stamped with the connection's user, whatever the client wrote there. A non-owner's
 * write to `board.name` is put back the same way (renaming is the owner's, over REST).
 */
import * as Y from 'yjs';
import { DEAL_COMMENTS, boardMap, dealsMap } from '../../../shared/src/board/schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

/** Was this struct created by the transaction? */
function isNewStruct(item: Y.Item, transaction: Y.Transaction): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** Was this type created by the transaction (rather than existing before it)? */
function isNewInTransaction(type: AnyType, transaction: Y.Transaction): boolean {
  return type._item !== null && isNewStruct(type._item, transaction);
}

/**
 * The value a map key held before this transaction, if any. Items the transaction itself
 * added are skipped: one update may set a key twice, and the first of its own values must
 * not pass for the old one. (An item deleted earlier was garbage-collected, so it reads as
 * undefined.)
 */
function previousValue(map: Y.Map<unknown>, key: string, transaction: Y.Transaction): unknown {
  let item = map._map.get(key) ?? null;
  while (item && isNewStruct(item, transaction)) item = item.left;
  return item ? item.content.getContent().at(-1) : undefined;
}

/** The deal map (a direct child of `deals`) that `type` lives in, if any. */
function enclosingDeal(type: AnyType, deals: AnyType): Y.Map<unknown> | null {
  let child: AnyType = type;
  for (let depth = 0; depth < 8 && child._item; depth++) {
    const parent = child._item.parent;
    if (parent === deals) return child instanceof Y.Map && !child._item.deleted ? child : null;
    if (!(parent instanceof Y.AbstractType)) return null;
    child = parent as AnyType;
  }
  return null;
}

/** Is `type` the `comments` map of `deal`? */
function isCommentsMap(type: AnyType | null, deal: Y.Map<unknown>): boolean {
  return type instanceof Y.Map && type._item?.parent === deal && type._item.parentSub === DEAL_COMMENTS;
}

/** One identity field to (re)write. */
export interface IdentityStamp {
  map: Y.Map<unknown>;
  key: string;
  value: string;
}

/**
 * Finds the deal maps and comment maps the transaction touched and plans the identity
 * fields to re-stamp with `userId`. Must run inside the transaction that applied the
 * client's update (while overwritten values are still readable); the caller writes the
 * plan in a transaction of its own right after, committed in the same batch. (Writing
 * inside a remote transaction would make Yjs think another peer uses the server's
 * client id, and change it.)
 */
export function planIdentityStamps(doc: Y.Doc, transaction: Y.Transaction, userId: string): IdentityStamp[] {
  const stamps: IdentityStamp[] = [];
  const setIfDifferent = (map: Y.Map<unknown>, key: string, value: string): void => {
    if (map.get(key) !== value) stamps.push({ map, key, value });
  };
  const deals = dealsMap(doc) as unknown as AnyType;
  const touchedDeals = new Set<Y.Map<unknown>>();
  const touchedComments = new Map<Y.Map<unknown>, Set<string | null>>();

  for (const [type, keys] of transaction.changed) {
    if (type === deals) {
      for (const key of keys) {
        const deal = key === null ? undefined : dealsMap(doc).get(key);
        if (deal instanceof Y.Map) touchedDeals.add(deal);
      }
      continue;
    }
    const deal = enclosingDeal(type, deals);
    if (!deal) continue;
    touchedDeals.add(deal);
    if (isCommentsMap(type, deal)) {
      // Comments added (or replaced) in this transaction.
      for (const key of keys) {
        const comment = key === null ? undefined : (type as unknown as Y.Map<unknown>).get(key);
        if (comment instanceof Y.Map && !touchedComments.has(comment)) touchedComments.set(comment, new Set());
      }
    } else if (type instanceof Y.Map && type._item && isCommentsMap(type._item.parent as AnyType, deal)) {
      touchedComments.set(type, keys);
    }
  }

  for (const deal of touchedDeals) {
    if (deal._item?.deleted) continue;
    // Yjs leaves types created in this transaction out of `changed`: a comments map that is
    // new (in a new deal, or swapped in) brings comments nothing above saw. All are new.
    const comments = deal.get(DEAL_COMMENTS);
    if (comments instanceof Y.Map && isNewInTransaction(comments as AnyType, transaction)) {
      for (const comment of comments.values()) {
        if (comment instanceof Y.Map && !touchedComments.has(comment)) touchedComments.set(comment, new Set());
      }
    }
    if (isNewInTransaction(deal as AnyType, transaction)) {
      setIfDifferent(deal, 'createdBy', userId);
    } else if (transaction.changed.get(deal as AnyType)?.has('createdBy')) {
      const before = previousValue(deal, 'createdBy', transaction);
      setIfDifferent(deal, 'createdBy', typeof before === 'string' ? before : userId);
    }
    setIfDifferent(deal, 'updatedBy', userId);
  }

  for (const [comment, keys] of touchedComments) {
    if (comment._item?.deleted) continue;
    if (isNewInTransaction(comment as AnyType, transaction)) {
      setIfDifferent(comment, 'authorId', userId);
    } else if (keys.has('authorId')) {
      const before = previousValue(comment, 'authorId', transaction);
      setIfDifferent(comment, 'authorId', typeof before === 'string' ? before : userId);
    }
  }
  return stamps;
}

/** Writes planned stamps (skipping maps deleted meanwhile). */
export function applyIdentityStamps(stamps: IdentityStamp[]): void {
  for (const { map, key, value } of stamps) {
    if (!map._item?.deleted && map.get(key) !== value) map.set(key, value);
  }
}

/**
 * Plans putting back `board.name` when the transaction changed it: renaming is the owner's
 * (CONTRACT "Boards and roles"), so an editor's write to the document does not stand.
 */
export function planNameRestore(doc: Y.Doc, transaction: Y.Transaction): IdentityStamp[] {
  const board = boardMap(doc);
  const changed = transaction.changed.get(board as unknown as AnyType);
  // The board's currency is the owner's too (issue 15.4).
  return OWNER_BOARD_FIELDS.flatMap((key) => {
    if (!changed?.has(key)) return [];
    const before = previousValue(board, key, transaction);
    return typeof before === 'string' && board.get(key) !== before ? [{ map: board, key, value: before }] : [];
  });
}

const OWNER_BOARD_FIELDS = ['name', 'currency'] as const;

/**
 * Applies a client's update the way the server does: the update in one transaction with
 * `origin`, then the identity stamps (and, unless `mayRename`, the board's name put back)
 * in a second one with the same origin.
 */
export function applyStampedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown, userId: string, mayRename = false): void {
  let stamps: IdentityStamp[] = [];
  doc.transact((transaction) => {
    Y.applyUpdate(doc, update, origin);
    stamps = planIdentityStamps(doc, transaction, userId);
    if (!mayRename) stamps.push(...planNameRestore(doc, transaction));
  }, origin);
  if (stamps.length > 0) doc.transact(() => applyIdentityStamps(stamps), origin);
}
