/**
 * The server is the authority on identity and time (docs/API.md): after the transaction
 * that applied a client's update, `createdBy`, `updatedBy` and a comment's `authorId` are
 * stamped with the connection's user and `createdAt`, `updatedAt`, `stageEnteredAt` and a
 * comment's `createdAt`/`editedAt` with the server's clock, whatever the client wrote
 * there. Edits of a comment by someone other than its author (deletion: author or owner)
 * and a non-owner's write to `board.name` are put back the same way.
 */
import * as Y from 'yjs';
import { BOARD_KEY, COMMENT_KEY, DEAL_COMMENTS, DEAL_KEY, boardMap, dealsMap } from '../../../shared/src/board/schema';

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

/** One server-owned field to (re)write. */
export interface IdentityStamp {
  map: Y.Map<unknown>;
  key: string;
  /** `undefined`: take the key away (it was not set before). */
  value: unknown;
}

/** Who wrote the update and what they may do; `now` is the server's clock. */
export interface StampActor {
  userId: string;
  /** Board owners may delete anyone's comment. */
  isOwner: boolean;
  now: string;
}

/** The fields of a map as they stood when its item was deleted (readable until the transaction's cleanup). */
function contentsOf(map: Y.Map<unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, item] of map._map) {
    const value: unknown = item.content.getContent().at(-1);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

/**
 * Plans the fields the server owns on the deals and comments the transaction touched:
 * identity (`createdBy`, `updatedBy`, `authorId`) from the connection's user, time
 * (`createdAt`, `updatedAt`, `stageEnteredAt`, a comment's `createdAt`/`editedAt`) from
 * the server's clock, and comment ownership (only the author edits; the author or an
 * owner deletes): anything else a client wrote there is put back. Must run inside the
 * transaction that applied the client's update (while overwritten values are still
 * readable); the caller writes the plan in a transaction of its own right after,
 * committed in the same batch. (Writing inside a remote transaction would make Yjs think
 * another peer uses the server's client id, and change it.)
 */
export function planIdentityStamps(doc: Y.Doc, transaction: Y.Transaction, actor: StampActor): IdentityStamp[] {
  const { userId, now } = actor;
  const stamps: IdentityStamp[] = [];
  const setIfDifferent = (map: Y.Map<unknown>, key: string, value: unknown): void => {
    if (map.get(key) !== value) stamps.push({ map, key, value });
  };
  /** Puts back `key` as it was before the transaction (or `fallback` when it had no value). */
  const restore = (map: Y.Map<unknown>, key: string, fallback: unknown): void => {
    const before = previousValue(map, key, transaction);
    setIfDifferent(map, key, before === undefined ? fallback : before);
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
      const comments = type as unknown as Y.Map<unknown>;
      for (const key of keys) {
        if (key === null) continue;
        const comment = comments.get(key);
        // Comments added (or replaced) in this transaction.
        if (comment instanceof Y.Map && !touchedComments.has(comment)) touchedComments.set(comment, new Set());
        const before = previousValue(comments, key, transaction);
        // A comment removed outright by someone who may not delete it comes back as it was.
        if (before instanceof Y.Map && before !== comment && !mayDelete(contentsOf(before).get(COMMENT_KEY.authorId), actor)) {
          stamps.push({ map: comments, key, value: new Y.Map(contentsOf(before)) });
        }
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
    const keys = transaction.changed.get(deal as AnyType) ?? new Set<string | null>();
    if (isNewInTransaction(deal as AnyType, transaction)) {
      setIfDifferent(deal, DEAL_KEY.createdBy, userId);
      setIfDifferent(deal, DEAL_KEY.createdAt, now);
      setIfDifferent(deal, DEAL_KEY.stageEnteredAt, now);
    } else {
      if (keys.has(DEAL_KEY.createdBy)) restore(deal, DEAL_KEY.createdBy, userId);
      if (keys.has(DEAL_KEY.createdAt)) restore(deal, DEAL_KEY.createdAt, now);
      const movedColumn = keys.has(DEAL_KEY.columnId) && previousValue(deal, DEAL_KEY.columnId, transaction) !== deal.get(DEAL_KEY.columnId);
      if (movedColumn) setIfDifferent(deal, DEAL_KEY.stageEnteredAt, now);
      else if (keys.has(DEAL_KEY.stageEnteredAt)) restore(deal, DEAL_KEY.stageEnteredAt, now);
    }
    setIfDifferent(deal, DEAL_KEY.updatedBy, userId);
    setIfDifferent(deal, DEAL_KEY.updatedAt, now);
  }

  for (const [comment, keys] of touchedComments) {
    if (comment._item?.deleted) continue;
    if (isNewInTransaction(comment as AnyType, transaction)) {
      setIfDifferent(comment, COMMENT_KEY.authorId, userId);
      setIfDifferent(comment, COMMENT_KEY.createdAt, now);
      setIfDifferent(comment, COMMENT_KEY.editedAt, null);
      continue;
    }
    if (keys.has(COMMENT_KEY.authorId)) restore(comment, COMMENT_KEY.authorId, userId);
    if (keys.has(COMMENT_KEY.createdAt)) restore(comment, COMMENT_KEY.createdAt, now);
    const author = previousValue(comment, COMMENT_KEY.authorId, transaction) ?? comment.get(COMMENT_KEY.authorId);
    const touchesText = keys.has(COMMENT_KEY.body) || keys.has(COMMENT_KEY.deleted);
    if (!touchesText) {
      if (keys.has(COMMENT_KEY.editedAt)) restore(comment, COMMENT_KEY.editedAt, null);
      continue;
    }
    const deleting = comment.get(COMMENT_KEY.deleted) === true && previousValue(comment, COMMENT_KEY.deleted, transaction) !== true;
    const allowed = author === userId || (deleting && mayDelete(author, actor) && (!keys.has(COMMENT_KEY.body) || comment.get(COMMENT_KEY.body) === ''));
    if (allowed) {
      setIfDifferent(comment, COMMENT_KEY.editedAt, now);
    } else {
      restore(comment, COMMENT_KEY.body, comment.get(COMMENT_KEY.body));
      restore(comment, COMMENT_KEY.deleted, false);
      restore(comment, COMMENT_KEY.editedAt, null);
    }
  }
  return stamps;
}

/** The author or a board owner may delete a comment. */
function mayDelete(authorId: unknown, actor: StampActor): boolean {
  return authorId === actor.userId || actor.isOwner;
}

/** Writes planned stamps (skipping maps deleted meanwhile). */
export function applyIdentityStamps(stamps: IdentityStamp[]): void {
  for (const { map, key, value } of stamps) {
    if (value === undefined) {
      if (!map._item?.deleted && map.has(key)) map.delete(key);
    } else if (!map._item?.deleted && map.get(key) !== value) map.set(key, value);
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
  return OWNER_BOARD_FIELDS.flatMap((key): IdentityStamp[] => {
    if (!changed?.has(key)) return [];
    const before = previousValue(board, key, transaction);
    // A field that was not set before (rates, often) is taken away again.
    if (before === undefined) return board.has(key) ? [{ map: board, key, value: undefined }] : [];
    return typeof before === 'string' && board.get(key) !== before ? [{ map: board, key, value: before }] : [];
  });
}

/** The board's fields only an owner may change: name, currency, exchange rates (issue 15.4). */
const OWNER_BOARD_FIELDS = [BOARD_KEY.name, BOARD_KEY.currency, BOARD_KEY.rates] as const;

/**
 * Applies a client's update the way the server does: the update in one transaction with
 * `origin`, then the server-owned fields stamped (and, unless `isOwner`, the board's name
 * put back) in a second one with the same origin. `now` is the server's clock.
 */
export function applyStampedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown, userId: string, isOwner = false, now = new Date()): void {
  let stamps: IdentityStamp[] = [];
  doc.transact((transaction) => {
    Y.applyUpdate(doc, update, origin);
    stamps = planIdentityStamps(doc, transaction, { userId, isOwner, now: now.toISOString() });
    if (!isOwner) stamps.push(...planNameRestore(doc, transaction));
  }, origin);
  if (stamps.length > 0) doc.transact(() => applyIdentityStamps(stamps), origin);
}
