/**
 * From one transaction's change records to activity: ready events, plus
 * deal field changes that the deriver may hold back to coalesce typing.
 * Bookkeeping the server stamps (updatedAt, updatedBy, createdBy, createdAt,
 * stageEnteredAt) and rank-only reorders within a column produce nothing.
 */
import type * as Y from 'yjs';
import type { ActivityData, ActivityEvent, ActivityType, Actor } from '../../../shared/src/events';
import { COLUMN_KEY, COMMENT_KEY, DEAL_COMMENTS, DEAL_KEY, DEAL_LINKS, DEAL_NOTES, DEAL_TAGS } from '../../../shared/src/board/schema';
import { findMentions, mentionsAsText } from '../../../shared/src/board/mentions';
import { type BoardCache, liveColumn, liveComment, liveDeal, readMap, readNotes, readString, readStrings } from './boardCache';
import type { ColumnDelta, CommentDelta, DealDelta, TxChanges } from './collectChanges';
import { COLUMN_UPDATE_FIELDS, DEAL_FIELD_ORDER, PLAIN_DEAL_FIELDS, excerpt, fieldList, plain, sameValue } from './describe';
import { actorName, makeEvent } from './eventFactory';

/** Fields whose edits are typing: coalesced into one deal.updated per quiet period. */
export const TYPING_FIELDS: readonly string[] = [DEAL_KEY.title, DEAL_NOTES];

/** field → `{from, to}` (notes: `{changed: true}`), as in deal.updated `data.fields`. */
export type FieldChanges = Record<string, Record<string, unknown>>;

export type Derived =
  | { kind: 'event'; event: ActivityEvent }
  /** Field edits on a deal, split into typing (may wait) and immediate ones. */
  | { kind: 'update'; dealId: string; typing: FieldChanges; immediate: FieldChanges }
  /** The deal is gone: anything held back for it must go out first. */
  | { kind: 'dealGone'; dealId: string };

export interface DeriveContext {
  doc: Y.Doc;
  cache: BoardCache;
  boardId: string;
  actor: Actor;
  at: Date;
  /** The transaction brings a deleted deal back as it was: the comments and mentions it carries are not new. */
  revival?: boolean;
}

/** The activity of one attributed transaction, column events first, in document order. */
export function deriveEvents(ctx: DeriveContext, changes: TxChanges): Derived[] {
  const out: Derived[] = [];
  const emit: Emit = (type, summary, data, dealId) => {
    const event = makeEvent({ boardId: ctx.boardId, actor: ctx.actor, type, at: ctx.at, summary, data, ...(dealId ? { dealId } : {}) });
    out.push({ kind: 'event', event });
  };
  for (const [columnId, delta] of changes.columns) deriveColumn(ctx, changes, columnId, delta, emit);
  for (const [dealId, delta] of changes.deals) deriveDeal(ctx, dealId, delta, out, emit);
  return out;
}

type Emit = <K extends ActivityType>(type: K, summary: string, data: ActivityData[K], dealId?: string) => void;

function deriveColumn(ctx: DeriveContext, changes: TxChanges, columnId: string, delta: ColumnDelta, emit: Emit): void {
  const who = actorName(ctx.actor);
  const name = ctx.cache.columnName(columnId);
  if (delta.removed && !delta.added) {
    let dealsMoved = 0;
    for (const deal of changes.deals.values()) {
      if (!deal.removed && deal.old.get(DEAL_KEY.columnId) === columnId) dealsMoved += 1;
    }
    emit('column.deleted', `${who} deleted column ${name}`, { columnId, name, dealsMoved });
    return;
  }
  const column = liveColumn(ctx.doc, columnId);
  if (!column) return;
  if (delta.added) {
    const kind = readString(column, COLUMN_KEY.kind);
    emit('column.created', `${who} created column ${name}`, { columnId, name, kind });
    return;
  }
  if (delta.old.has(COLUMN_KEY.name)) {
    const from = plain(delta.old.get(COLUMN_KEY.name));
    const to = plain(column.get(COLUMN_KEY.name));
    if (!sameValue(from, to)) {
      const fromName = excerpt(typeof from === 'string' ? from : '', 80) || 'an unnamed column';
      emit('column.renamed', `${who} renamed column ${fromName} to ${name}`, { columnId, from, to });
    }
  }
  if (delta.old.has(COLUMN_KEY.rank) && !sameValue(delta.old.get(COLUMN_KEY.rank), column.get(COLUMN_KEY.rank))) {
    emit('column.moved', `${who} moved column ${name}`, { columnId, name });
  }
  const fields: FieldChanges = {};
  for (const field of COLUMN_UPDATE_FIELDS) {
    if (!delta.old.has(field)) continue;
    const from = plain(delta.old.get(field));
    const to = plain(column.get(field));
    if (!sameValue(from, to)) fields[field] = { from, to };
  }
  if (Object.keys(fields).length > 0) {
    const list = fieldList(Object.keys(fields), COLUMN_UPDATE_FIELDS);
    emit('column.updated', `${who} changed ${list} on column ${name}`, { columnId, name, fields });
  }
}

/** `"won" | "lost"` when the column is a closing one, else undefined. */
function outcomeOf(ctx: DeriveContext, columnId: string): 'won' | 'lost' | undefined {
  const kind = ctx.cache.columnKind(columnId);
  return kind === 'won' || kind === 'lost' ? kind : undefined;
}

function deriveDeal(ctx: DeriveContext, dealId: string, delta: DealDelta, out: Derived[], emit: Emit): void {
  const who = actorName(ctx.actor);
  const label = ctx.cache.dealLabel(dealId);
  if (delta.removed && !delta.added) {
    out.push({ kind: 'dealGone', dealId });
    emit('deal.deleted', `${who} deleted ${label}`, { label }, dealId);
    return;
  }
  const deal = liveDeal(ctx.doc, dealId);
  if (!deal) return;
  if (delta.added) {
    const columnId = readString(deal, DEAL_KEY.columnId);
    const columnName = ctx.cache.columnName(columnId);
    const outcome = outcomeOf(ctx, columnId);
    const data: ActivityData['deal.created'] = {
      columnId,
      columnName,
      title: plain(deal.get(DEAL_KEY.title)),
      acquirer: plain(deal.get(DEAL_KEY.acquirer)),
      target: plain(deal.get(DEAL_KEY.target)),
      ...(outcome ? { outcome } : {}),
    };
    emit('deal.created', `${who} created ${label} in ${columnName}`, data, dealId);
    if (!ctx.revival) deriveContentOfNewDeal(ctx, dealId, deal, delta, label, emit);
    return;
  }
  if (delta.old.has(DEAL_KEY.columnId)) {
    const from = plain(delta.old.get(DEAL_KEY.columnId));
    const to = readString(deal, DEAL_KEY.columnId);
    if (typeof from === 'string' && from !== to) {
      const fromName = ctx.cache.columnName(from);
      const toName = ctx.cache.columnName(to);
      const outcome = outcomeOf(ctx, to);
      const data: ActivityData['deal.moved'] = { from, to, fromName, toName, ...(outcome ? { outcome } : {}) };
      const tail = outcome ? `, marking it ${outcome}` : '';
      emit('deal.moved', `${who} moved ${label} from ${fromName} to ${toName}${tail}`, data, dealId);
    }
  }
  if (delta.old.has(DEAL_KEY.archived)) {
    const was = delta.old.get(DEAL_KEY.archived) === true;
    const now = deal.get(DEAL_KEY.archived) === true;
    if (was !== now) {
      if (now) emit('deal.archived', `${who} archived ${label}`, {}, dealId);
      else emit('deal.restored', `${who} restored ${label}`, {}, dealId);
    }
  }
  deriveFields(ctx, dealId, deal, delta, out);
  if (delta.nested.has(DEAL_NOTES)) deriveNotesMentions(ctx, dealId, deal, label, emit);
  deriveComments(ctx, dealId, deal, delta, label, emit);
}

/**
 * A deal made offline arrives in one update with its comments and notes: they are new too, so
 * each comment gets its comment.added (and mentions) and each notes mention its notes.mentioned,
 * as when added later. A deal map replaced under the same id, or a deletion undone, tells only
 * what the cache has not seen.
 */
function deriveContentOfNewDeal(ctx: DeriveContext, dealId: string, deal: Y.Map<unknown>, delta: DealDelta, label: string, emit: Emit): void {
  deriveNotesMentions(ctx, dealId, deal, label, emit);
  const known = ctx.cache.lastSeen(dealId)?.commentMentions;
  const comments = new Map<string, CommentDelta>();
  for (const commentId of readMap(deal, DEAL_COMMENTS)?.keys() ?? []) {
    if (!known?.has(commentId)) comments.set(commentId, { added: true, removed: false, edited: false });
  }
  deriveComments(ctx, dealId, deal, { ...delta, commentsReplaced: false, comments }, label, emit);
}

function deriveFields(ctx: DeriveContext, dealId: string, deal: Y.Map<unknown>, delta: DealDelta, out: Derived[]): void {
  const typing: FieldChanges = {};
  const immediate: FieldChanges = {};
  for (const field of PLAIN_DEAL_FIELDS) {
    if (!delta.old.has(field)) continue;
    const from = plain(delta.old.get(field));
    const to = plain(deal.get(field));
    if (sameValue(from, to)) continue;
    (TYPING_FIELDS.includes(field) ? typing : immediate)[field] = { from, to };
  }
  for (const field of [DEAL_TAGS, DEAL_LINKS] as const) {
    if (!delta.nested.has(field)) continue;
    const from = ctx.cache.deals.get(dealId)?.[field] ?? [];
    const to = readStrings(deal, field);
    if (!sameValue(from, to)) immediate[field] = { from, to };
  }
  if (delta.nested.has(DEAL_NOTES)) typing[DEAL_NOTES] = { changed: true };
  if (Object.keys(typing).length + Object.keys(immediate).length > 0) {
    out.push({ kind: 'update', dealId, typing, immediate });
  }
}

function deriveComments(ctx: DeriveContext, dealId: string, deal: Y.Map<unknown>, delta: DealDelta, label: string, emit: Emit): void {
  const who = actorName(ctx.actor);
  const comments = new Map(delta.comments);
  if (delta.commentsReplaced) {
    for (const commentId of readMap(deal, DEAL_COMMENTS)?.keys() ?? []) {
      comments.set(commentId, { added: true, removed: false, edited: false });
    }
  }
  for (const [commentId, change] of comments) {
    const comment = liveComment(ctx.doc, dealId, commentId);
    const body = comment ? readString(comment, COMMENT_KEY.body) : '';
    const softDeleted = comment?.get(COMMENT_KEY.deleted) === true;
    if (change.added && !change.removed) {
      if (comment && !softDeleted) {
        const text = excerpt(mentionsAsText(body));
        emit('comment.added', `${who} commented on ${label}`, { commentId, excerpt: text }, dealId);
        emitMentions(who, label, dealId, commentId, body, text, emit);
      }
    } else if (change.removed && !change.added) {
      emit('comment.deleted', `${who} deleted a comment on ${label}`, { commentId }, dealId);
    } else if (change.edited && comment && !softDeleted && readString(comment, COMMENT_KEY.authorId) === ctx.actor.id) {
      // (Someone else's edit of a comment is put back by the server: neither it nor the restore is activity.)
      const text = excerpt(mentionsAsText(body));
      emit('comment.edited', `${who} edited a comment on ${label}`, { commentId, excerpt: text }, dealId);
      const before = new Set(ctx.cache.deals.get(dealId)?.commentMentions.get(commentId) ?? []);
      emitMentions(who, label, dealId, commentId, body, text, emit, before);
    }
  }
}

/**
 * One comment.mentioned per distinct person mentioned in a new comment (or added by an edit:
 * `already` holds who the comment mentioned before), read from the committed body (a client cannot announce a mention it did not write). Whether the person may hear of it
 * (a member, not the author) is the notifier's to decide.
 */
function emitMentions(
  who: string,
  label: string,
  dealId: string,
  commentId: string,
  body: string,
  text: string,
  emit: Emit,
  already: ReadonlySet<string> = new Set(),
): void {
  const seen = new Set<string>(already);
  for (const mention of findMentions(body)) {
    if (seen.has(mention.userId)) continue;
    seen.add(mention.userId);
    emit('comment.mentioned', `${who} mentioned @${mention.label} on ${label}`, { commentId, userId: mention.userId, dealLabel: label, excerpt: text }, dealId);
  }
}

/**
 * One notes.mentioned per person whose mention newly appears in the deal's notes (compared with
 * the notes as last committed), with the line it is on as the excerpt.
 */
function deriveNotesMentions(ctx: DeriveContext, dealId: string, deal: Y.Map<unknown>, label: string, emit: Emit): void {
  const before = new Set(ctx.cache.lastSeen(dealId)?.notesMentions ?? []);
  const notes = readNotes(deal);
  const who = actorName(ctx.actor);
  const seen = new Set<string>();
  for (const mention of findMentions(notes)) {
    if (before.has(mention.userId) || seen.has(mention.userId)) continue;
    seen.add(mention.userId);
    const line = notes.split('\n').find((l) => l.includes(`(user:${mention.userId})`)) ?? '';
    emit(
      'notes.mentioned',
      `${who} mentioned @${mention.label} in the notes of ${label}`,
      { userId: mention.userId, dealLabel: label, excerpt: excerpt(mentionsAsText(line)) },
      dealId,
    );
  }
}

/** Summary order for deal.updated field lists. */
export function dealFieldList(fields: FieldChanges): string {
  return fieldList(Object.keys(fields), DEAL_FIELD_ORDER);
}
