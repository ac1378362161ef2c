/**
 * Turns the Yjs events of one transaction into plain change records. Runs
 * inside the observeDeep callbacks: Yjs computes `event.changes` only there.
 * Old values come from `changes.keys` (oldValue); new values are read from
 * the document afterwards.
 */
import * as Y from 'yjs';
import { COMMENT_KEY, DEAL_COMMENTS, DEAL_LINKS, DEAL_NOTES, DEAL_TAGS } from '../../../shared/src/board/schema';

export type NestedField = typeof DEAL_NOTES | typeof DEAL_TAGS | typeof DEAL_LINKS;

export interface CommentDelta {
  added: boolean;
  removed: boolean;
  edited: boolean;
}

export interface DealDelta {
  added: boolean;
  removed: boolean;
  /** Top-level keys set in this transaction → their value before it. */
  old: Map<string, unknown>;
  /** Nested types edited (or replaced) in this transaction. */
  nested: Set<NestedField>;
  /** The comments map itself was added or replaced: every comment in it is new. */
  commentsReplaced: boolean;
  comments: Map<string, CommentDelta>;
}

export interface ColumnDelta {
  added: boolean;
  removed: boolean;
  old: Map<string, unknown>;
}

/** Everything one transaction changed in `deals` and `columns`. */
export interface TxChanges {
  deals: Map<string, DealDelta>;
  columns: Map<string, ColumnDelta>;
}

export function emptyChanges(): TxChanges {
  return { deals: new Map(), columns: new Map() };
}

function dealDelta(into: TxChanges, dealId: string): DealDelta {
  let delta = into.deals.get(dealId);
  if (!delta) {
    delta = { added: false, removed: false, old: new Map(), nested: new Set(), commentsReplaced: false, comments: new Map() };
    into.deals.set(dealId, delta);
  }
  return delta;
}

function columnDelta(into: TxChanges, columnId: string): ColumnDelta {
  let delta = into.columns.get(columnId);
  if (!delta) {
    delta = { added: false, removed: false, old: new Map() };
    into.columns.set(columnId, delta);
  }
  return delta;
}

function commentDelta(deal: DealDelta, commentId: string): CommentDelta {
  let delta = deal.comments.get(commentId);
  if (!delta) {
    delta = { added: false, removed: false, edited: false };
    deal.comments.set(commentId, delta);
  }
  return delta;
}

/** Adds/deletes of whole records in a top-level map. A replaced record counts as added. */
function recordTopLevel(event: Y.YEvent<Y.AbstractType<unknown>>, mark: (id: string, added: boolean) => void): void {
  for (const [id, change] of event.changes.keys) mark(id, change.action !== 'delete');
}

/** Records the events observeDeep delivered on the `columns` map. */
export function collectColumnEvents(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, into: TxChanges): void {
  for (const event of events) {
    const path = event.path;
    if (path.length === 0) {
      recordTopLevel(event, (id, added) => {
        const delta = columnDelta(into, id);
        if (added) delta.added = true;
        else delta.removed = true;
      });
    } else if (path.length === 1 && typeof path[0] === 'string' && event.target instanceof Y.Map) {
      const delta = columnDelta(into, path[0]);
      for (const [key, change] of event.changes.keys) {
        if (!delta.old.has(key)) delta.old.set(key, change.oldValue);
      }
    }
  }
}

/** Records the events observeDeep delivered on the `deals` map. */
export function collectDealEvents(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, into: TxChanges): void {
  for (const event of events) {
    const path = event.path;
    if (path.length === 0) {
      recordTopLevel(event, (id, added) => {
        const delta = dealDelta(into, id);
        if (added) delta.added = true;
        else delta.removed = true;
      });
      continue;
    }
    const [dealId, field, commentId] = path;
    if (typeof dealId !== 'string') continue;
    const deal = dealDelta(into, dealId);
    if (path.length === 1) collectDealKeys(event, deal);
    else if (field === DEAL_NOTES || field === DEAL_TAGS || field === DEAL_LINKS) {
      if (path.length === 2) deal.nested.add(field);
    } else if (field === DEAL_COMMENTS) {
      if (path.length === 2) collectCommentKeys(event, deal);
      else if (path.length === 3 && typeof commentId === 'string') {
        collectCommentFields(event, commentDelta(deal, commentId));
      }
    }
  }
}

function collectDealKeys(event: Y.YEvent<Y.AbstractType<unknown>>, deal: DealDelta): void {
  for (const [key, change] of event.changes.keys) {
    if (key === DEAL_NOTES || key === DEAL_TAGS || key === DEAL_LINKS) {
      deal.nested.add(key);
    } else if (key === DEAL_COMMENTS) {
      if (change.action !== 'delete') deal.commentsReplaced = true;
    } else if (!deal.old.has(key)) {
      deal.old.set(key, change.oldValue);
    }
  }
}

function collectCommentKeys(event: Y.YEvent<Y.AbstractType<unknown>>, deal: DealDelta): void {
  for (const [commentId, change] of event.changes.keys) {
    const delta = commentDelta(deal, commentId);
    if (change.action === 'delete') delta.removed = true;
    else delta.added = true;
  }
}

/** A body change is an edit; `deleted` turning true is a (soft) deletion. Stamps are ignored. */
function collectCommentFields(event: Y.YEvent<Y.AbstractType<unknown>>, delta: CommentDelta): void {
  const target = event.target;
  if (!(target instanceof Y.Map)) return;
  for (const [key, change] of event.changes.keys) {
    if (key === COMMENT_KEY.body) delta.edited = true;
    else if (key === COMMENT_KEY.deleted && target.get(COMMENT_KEY.deleted) === true && change.oldValue !== true) {
      delta.removed = true;
    }
  }
}
