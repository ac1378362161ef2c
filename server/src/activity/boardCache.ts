/**
 * A small shadow of the board kept by the deriver: what it needs to describe
 * things that a transaction deleted or replaced (a deleted deal's label, a
 * deleted column's name, the tags before an edit). Refreshed after every
 * transaction, attributed or not, so it always mirrors the document.
 */
import * as Y from 'yjs';
import {
  DEAL_COMMENTS,
  DEAL_NOTES,
  type ColumnField,
  type CommentField,
  type DealKey,
  columnsMap,
  dealsMap,
  getColumnMap,
  getDealMap,
  isValid,
  readColumnById,
  readDealById,
  type Column,
  type Deal,
} from '../../../shared/src/board';
import { dealLabel } from './describe';
import { mentionedIds } from '../../../shared/src/board/mentions';

/** A deal's notes as plain text ("" when absent). */
export function readNotes(deal: Y.Map<unknown>): string {
  const notes = deal.get(DEAL_NOTES);
  return notes instanceof Y.Text ? notes.toString() : '';
}

export interface DealSnapshot {
  title: string;
  acquirer: string;
  target: string;
  tags: string[];
  links: string[];
  /** Who the notes mention (to tell only new mentions). */
  notesMentions: string[];
  /** Who each comment mentions (an edit tells only the people it adds). */
  commentMentions: Map<string, string[]>;
}

export interface ColumnSnapshot {
  name: string;
  kind: string;
}

/** A string field of a map, or "" when missing or not a string. */
export function readString(map: Y.Map<unknown>, key: DealKey | ColumnField | CommentField): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : '';
}

/** A Y.Array<string> (or plain array) field as strings; other items are dropped. */
export function readStrings(map: Y.Map<unknown>, key: DealKey): string[] {
  const value = map.get(key);
  const items = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
  return items.filter((item): item is string => typeof item === 'string');
}

/** The nested Y.Map at `key`, or null. */
export function readMap(map: Y.Map<unknown>, key: string): Y.Map<unknown> | null {
  const value = map.get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

/** A deal's live Y.Map, or null when absent (or not a map). */
export const liveDeal = getDealMap;
/** A column's live Y.Map, or null. */
export const liveColumn = getColumnMap;

/** A comment's live Y.Map inside a deal, or null. */
export function liveComment(doc: Y.Doc, dealId: string, commentId: string): Y.Map<unknown> | null {
  const deal = liveDeal(doc, dealId);
  const comments = deal && readMap(deal, DEAL_COMMENTS);
  return comments ? readMap(comments, commentId) : null;
}

/** What the cache keeps of a deal, from the shared reader's parse of it. */
function snapshotDeal(deal: Deal): DealSnapshot {
  return {
    title: deal.title,
    acquirer: deal.acquirer,
    target: deal.target,
    tags: deal.tags,
    links: deal.links,
    notesMentions: mentionedIds(deal.notes),
    commentMentions: new Map(deal.comments.map((comment) => [comment.id, mentionedIds(comment.body)])),
  };
}

/** The deal as the shared reader parses it; null when gone or invalid (the cache then keeps it as last seen). */
function validDeal(doc: Y.Doc, dealId: string): Deal | null {
  const deal = readDealById(doc, dealId);
  return deal && isValid(deal) ? deal : null;
}

/** The column as the shared reader parses it; null when gone or invalid. */
function validColumn(doc: Y.Doc, columnId: string): Column | null {
  const column = readColumnById(doc, columnId);
  return column && isValid(column) ? column : null;
}

/**
 * What the cache keeps of every valid deal of `doc`. Reading 10,000 deals takes the loop for
 * half a second, so a big board's load reads them in its worker thread (prepareLoad) and
 * hands the cache this list.
 */
export function snapshotDeals(doc: Y.Doc): Array<[dealId: string, snapshot: DealSnapshot]> {
  const out: Array<[string, DealSnapshot]> = [];
  for (const id of dealsMap(doc).keys()) {
    const deal = validDeal(doc, id);
    if (deal) out.push([id, snapshotDeal(deal)]);
  }
  return out;
}

/** How many deleted deals the cache remembers (what was told of them), newest first out last. */
const GONE_DEALS_KEPT = 1_000;

export class BoardCache {
  readonly deals: Map<string, DealSnapshot>;
  readonly columns = new Map<string, ColumnSnapshot>();
  /** Recently deleted deals as last seen: an undone deletion brings the deal back whole, and its comments and mentions were told already. */
  private readonly goneDeals = new Map<string, DealSnapshot>();

  /** `deals`: snapshotDeals of this same document state, when already read elsewhere. */
  constructor(
    private readonly doc: Y.Doc,
    deals?: Iterable<[string, DealSnapshot]>,
  ) {
    this.deals = new Map(deals ?? snapshotDeals(doc));
    for (const id of columnsMap(doc).keys()) this.refreshColumn(id);
  }

  /** Re-reads one deal from the document (or forgets it when gone); an invalid deal stays as last seen. */
  refreshDeal(dealId: string): void {
    const deal = validDeal(this.doc, dealId);
    if (deal) {
      this.deals.set(dealId, snapshotDeal(deal));
      this.goneDeals.delete(dealId);
    } else if (!liveDeal(this.doc, dealId)) {
      const last = this.deals.get(dealId);
      if (last) this.rememberGone(dealId, last);
      this.deals.delete(dealId);
    }
  }

  /** The deal as last seen, live or recently deleted. */
  lastSeen(dealId: string): DealSnapshot | undefined {
    return this.deals.get(dealId) ?? this.goneDeals.get(dealId);
  }

  private rememberGone(dealId: string, snapshot: DealSnapshot): void {
    this.goneDeals.delete(dealId);
    this.goneDeals.set(dealId, snapshot);
    if (this.goneDeals.size > GONE_DEALS_KEPT) this.goneDeals.delete(this.goneDeals.keys().next().value as string);
  }

  /** Re-reads one column from the document (or forgets it when gone); an invalid column stays as last seen. */
  refreshColumn(columnId: string): void {
    const column = validColumn(this.doc, columnId);
    if (column) this.columns.set(columnId, { name: column.name, kind: column.kind });
    else if (!liveColumn(this.doc, columnId)) this.columns.delete(columnId);
  }

  /** The deal's label from the document, else as last seen. */
  dealLabel(dealId: string): string {
    const snapshot = validDeal(this.doc, dealId) ?? this.deals.get(dealId);
    return snapshot ? dealLabel(snapshot) : 'a deal';
  }

  /** The column's name from the document, else as last seen. */
  columnName(columnId: string): string {
    const name = validColumn(this.doc, columnId)?.name ?? this.columns.get(columnId)?.name ?? '';
    return name.trim() || (columnId ? 'an unnamed column' : 'no column');
  }

  /** The column's kind ("open" | "won" | "lost"), from the document, else as last seen. */
  columnKind(columnId: string): string {
    return validColumn(this.doc, columnId)?.kind ?? this.columns.get(columnId)?.kind ?? '';
  }
}
