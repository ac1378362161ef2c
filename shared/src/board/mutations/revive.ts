/**
 * Bring back a deleted deal as it was (history restore): the same id, fields, notes and
 * comments (with their authors and times), as a new edit by the person restoring. Its
 * column, if gone since, becomes the board's first open column.
 */
import * as Y from 'yjs';
import { boardHasNoRoomForDeals, DEAL_LIMIT_MESSAGE } from '../limits';
import type { MutationOrigin } from '../origin';
import { getDealMap, isValid, readColumnById, readColumns } from '../readers';
import { fail, ok, type MutationResult } from '../result';
import { dealsMap, DEAL_COMMENTS, DEAL_LINKS, DEAL_NOTES, DEAL_TAGS, type Deal } from '../schema';
import { dealSchema } from '../validate';
import { context, stamp, type MutationOptions } from './common';

const PLAIN_FIELDS = [
  'title',
  'kind',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'ownerId',
  'expectedClose',
  'partOf',
  'rank',
  'createdAt',
  'createdBy',
] as const;

/** @example reviveDeal(doc, { deal: dealAsItWas }, origin) // ok({dealId}) or not_found / invalid */
export function reviveDeal(
  doc: Y.Doc,
  input: { deal: Deal },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult<{ dealId: string; columnId: string }> {
  const { deal } = input;
  const checked = dealSchema.safeParse(deal);
  if (!checked.success) return fail('invalid', 'not a deal record', 'deal');
  if (getDealMap(doc, deal.id)) return fail('invalid', 'the deal exists; restore its fields instead', 'dealId');
  if (boardHasNoRoomForDeals(doc)) return fail('invalid', DEAL_LIMIT_MESSAGE);
  const column = readColumnById(doc, deal.columnId);
  const columnId = column && isValid(column) ? deal.columnId : readColumns(doc).find((c) => isValid(c) && c.kind === 'open')?.id;
  if (!columnId) return fail('not_found', 'the board has no open column to restore into', 'columnId');
  const ctx = context(origin, options);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    dealsMap(doc).set(deal.id, map);
    for (const field of PLAIN_FIELDS) map.set(field, deal[field]);
    map.set('columnId', columnId);
    map.set(DEAL_TAGS, Y.Array.from(deal.tags));
    map.set(DEAL_LINKS, Y.Array.from(deal.links));
    const text = new Y.Text();
    map.set(DEAL_NOTES, text);
    if (deal.notes) text.insert(0, deal.notes);
    const comments = new Y.Map<unknown>();
    map.set(DEAL_COMMENTS, comments);
    for (const c of deal.comments) {
      const comment = new Y.Map<unknown>();
      comments.set(c.id, comment);
      comment.set('authorId', c.authorId);
      comment.set('body', c.body);
      comment.set('createdAt', c.createdAt);
      comment.set('editedAt', c.editedAt);
      comment.set('deleted', c.deleted);
    }
    map.set('stageEnteredAt', columnId === deal.columnId ? deal.stageEnteredAt : ctx.at);
    map.set('archived', false);
    stamp(map, ctx);
  }, origin);
  return ok({ dealId: deal.id, columnId });
}
