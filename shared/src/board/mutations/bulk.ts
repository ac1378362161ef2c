/**
 * One edit applied to many deals at once (the table's bulk bar, scripts): every per-deal change
 * goes through the same named mutation as a single edit, all inside ONE transaction with the
 * caller's origin, so the whole bulk edit is one undo step and one broadcast.
 */
import type * as Y from 'yjs';
import type { MutationOrigin } from '../origin';
import { readDealById } from '../readers';
import { fail, ok, type MutationResult } from '../result';
import type { MutationOptions } from './common';
import { archiveDeal, moveDeal, updateDeal } from './deals';

export type BulkAction =
  | { type: 'move'; columnId: string }
  | { type: 'owner'; ownerId: string | null }
  | { type: 'addTag'; tag: string }
  | { type: 'removeTag'; tag: string }
  | { type: 'archive' };

/** How many deals changed; the first refusal (other than a no-op) if any deal was refused. */
export interface BulkOutcome {
  changed: number;
  refused: number;
  firstError: string | null;
}

/**
 * Apply `action` to every deal in `dealIds` in one transaction.
 * @example bulkEdit(doc, ['d1', 'd2'], { type: 'move', columnId: 'won' }, origin)
 */
export function bulkEdit(
  doc: Y.Doc,
  dealIds: readonly string[],
  action: BulkAction,
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult<BulkOutcome> {
  if (dealIds.length === 0) return fail('noop', 'no deals selected');
  const outcome: BulkOutcome = { changed: 0, refused: 0, firstError: null };
  doc.transact(() => {
    for (const dealId of dealIds) {
      const result = applyOne(doc, dealId, action, origin, options);
      if (result.ok) outcome.changed++;
      else if (result.error.code !== 'noop') {
        outcome.refused++;
        outcome.firstError ??= result.error.message;
      }
    }
  }, origin);
  return ok(outcome);
}

function applyOne(doc: Y.Doc, dealId: string, action: BulkAction, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  switch (action.type) {
    case 'move':
      // Already in that stage: stay put (moveDeal would send it to the end of the column).
      if (columnOf(doc, dealId) === action.columnId) return fail('noop', 'already there');
      return moveDeal(doc, { dealId, toColumnId: action.columnId }, origin, options);
    case 'owner':
      return updateDeal(doc, { dealId, patch: { ownerId: action.ownerId } }, origin, options);
    case 'archive':
      return archiveDeal(doc, { dealId }, origin, options);
    case 'addTag':
    case 'removeTag': {
      const deal = readDealById(doc, dealId);
      if (!deal || deal.invalid) return fail('not_found', 'no such deal', 'dealId');
      const has = deal.tags.includes(action.tag);
      if (action.type === 'addTag' ? has : !has) return fail('noop', 'nothing to change');
      const tags = action.type === 'addTag' ? [...deal.tags, action.tag] : deal.tags.filter((t) => t !== action.tag);
      return updateDeal(doc, { dealId, patch: { tags } }, origin, options);
    }
  }
}

function columnOf(doc: Y.Doc, dealId: string): string | null {
  const deal = readDealById(doc, dealId);
  return deal && !deal.invalid ? deal.columnId : null;
}
