/** Comment mutations. Comments live in their deal's `comments` map; deletion is soft. */
import * as Y from 'yjs';
import { z } from 'zod';
import type { MutationOrigin } from '../origin';
import { getDealMap } from '../readers';
import { fail, ok, type MutationResult } from '../result';
import { DEAL_COMMENTS } from '../schema';
import { commentBodySchema, idSchema } from '../validate';
import { context, noop, parseInput, stamp, type Context, type MutationOptions } from './common';

const addSchema = z.strictObject({ dealId: idSchema, body: commentBodySchema });
const editSchema = z.strictObject({ dealId: idSchema, commentId: idSchema, body: commentBodySchema });
const deleteSchema = z.strictObject({ dealId: idSchema, commentId: idSchema });

/** The deal's comments map, or null when the deal has none yet. */
function commentsOf(deal: Y.Map<unknown>): Y.Map<unknown> | null {
  const value: unknown = deal.get(DEAL_COMMENTS);
  return value instanceof Y.Map ? value : null;
}

/** Add a comment to a deal, authored by the acting user. */
export function addComment(
  doc: Y.Doc,
  input: { dealId: string; body: string },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult<{ commentId: string }> {
  const parsed = parseInput(addSchema, input);
  if (!parsed.ok) return parsed;
  const deal = getDealMap(doc, parsed.value.dealId);
  if (!deal) return fail('not_found', 'no such deal', 'dealId');
  const ctx = context(origin, options);
  const commentId = ctx.makeId();
  doc.transact(() => {
    let comments = commentsOf(deal);
    if (!comments) {
      comments = new Y.Map<unknown>();
      deal.set(DEAL_COMMENTS, comments);
    }
    const comment = new Y.Map<unknown>();
    comments.set(commentId, comment);
    comment.set('authorId', ctx.actor);
    comment.set('body', parsed.value.body);
    comment.set('createdAt', ctx.at);
    comment.set('editedAt', null);
    comment.set('deleted', false);
    stamp(deal, ctx);
  }, origin);
  return ok({ commentId });
}

/** Find a comment the acting user may change: it must exist and be theirs (or `asOwner`: a board owner may delete any). */
function ownComment(
  doc: Y.Doc,
  dealId: string,
  commentId: string,
  ctx: Context,
  asOwner = false,
): MutationResult<{ deal: Y.Map<unknown>; comment: Y.Map<unknown> }> {
  const deal = getDealMap(doc, dealId);
  if (!deal) return fail('not_found', 'no such deal', 'dealId');
  const comment: unknown = commentsOf(deal)?.get(commentId);
  if (!(comment instanceof Y.Map)) return fail('not_found', 'no such comment', 'commentId');
  if (comment.get('authorId') !== ctx.actor && !asOwner) return fail('forbidden', 'only the author may change a comment', 'commentId');
  return ok({ deal, comment });
}

/** Replace a comment's body (author only). A deleted comment cannot be edited. */
export function editComment(
  doc: Y.Doc,
  input: { dealId: string; commentId: string; body: string },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult {
  const parsed = parseInput(editSchema, input);
  if (!parsed.ok) return parsed;
  const ctx = context(origin, options);
  const found = ownComment(doc, parsed.value.dealId, parsed.value.commentId, ctx);
  if (!found.ok) return found;
  const { deal, comment } = found.value;
  if (comment.get('deleted') === true) return fail('invalid', 'comment is deleted', 'commentId');
  if (comment.get('body') === parsed.value.body) return noop();
  doc.transact(() => {
    comment.set('body', parsed.value.body);
    comment.set('editedAt', ctx.at);
    stamp(deal, ctx);
  }, origin);
  return ok();
}

/**
 * Soft-delete a comment: it stays as a "deleted" marker with an empty body. Its author may,
 * and a board owner (`asOwner`, which the caller checks; the server enforces it too).
 */
export function deleteComment(
  doc: Y.Doc,
  input: { dealId: string; commentId: string },
  origin: MutationOrigin,
  options?: MutationOptions & { asOwner?: boolean },
): MutationResult {
  const parsed = parseInput(deleteSchema, input);
  if (!parsed.ok) return parsed;
  const ctx = context(origin, options);
  const found = ownComment(doc, parsed.value.dealId, parsed.value.commentId, ctx, options?.asOwner === true);
  if (!found.ok) return found;
  const { deal, comment } = found.value;
  if (comment.get('deleted') === true && comment.get('body') === '') return noop('already deleted');
  doc.transact(() => {
    comment.set('deleted', true);
    comment.set('body', '');
    comment.set('editedAt', ctx.at);
    stamp(deal, ctx);
  }, origin);
  return ok();
}
