/**
 * Restore from history: bring back a deal deleted since `at`, or put back fields of a deal
 * as they were at `at`. Always a new edit by the person restoring (shared mutations through
 * BoardHub.applyAs), so later edits by others stay in the log and the activity tells it.
 */
import type * as Y from 'yjs';
import { isValid, moveDeal, readDealById, restoreDeal, reviveDeal, updateDeal, type DealPatch } from '../../../shared/src/board';
import type { MutationOrigin } from '../../../shared/src/board/origin';
import type { Deal } from '../../../shared/src/board/schema';
import { HttpError } from '../http/errors';
import { revivalOf } from '../sync/origin';
import { unwrap } from '../http/mutationResult';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { loadBoardAt } from './boardAt';

import { RESTORABLE_FIELDS, type RestorableField } from '../../../shared/src/history';

export { RESTORABLE_FIELDS, type RestorableField };

export interface RestoreInput {
  dealId: string;
  at: string;
  /** Fields to put back; left out: the whole deal (brought back when deleted, unarchived when archived). */
  fields?: RestorableField[];
}

export type RestoreOutcome = 'revived' | 'restored' | 'unchanged';

function patchOf(past: Deal, fields: readonly RestorableField[]): DealPatch {
  const patch: Record<string, unknown> = {};
  for (const field of fields) if (field !== 'columnId' && field !== 'archived') patch[field] = past[field];
  return patch as DealPatch;
}

function putBack(doc: Y.Doc, origin: MutationOrigin, past: Deal, fields: readonly RestorableField[] | undefined): RestoreOutcome {
  const live = readDealById(doc, past.id);
  if (!live) {
    unwrap(reviveDeal(doc, { deal: past }, revivalOf(origin)));
    return 'revived';
  }
  if (!isValid(live)) throw new HttpError(409, 'invalid_record', `The deal is invalid: ${live.reason}`);
  const wanted = fields ?? (live.archived && !past.archived ? ['archived'] : []);
  if (wanted.length === 0) throw new HttpError(400, 'invalid_input', 'fields: name the fields to restore (the deal exists)');
  let changed = false;
  const patch = patchOf(past, wanted);
  if (Object.keys(patch).length > 0) {
    const result = updateDeal(doc, { dealId: past.id, patch }, origin);
    if (result.ok) changed = true;
    else unwrap(result); // throws for anything but a no-op
  }
  if (wanted.includes('columnId') && live.columnId !== past.columnId) {
    changed = moveDeal(doc, { dealId: past.id, toColumnId: past.columnId }, origin).ok || changed;
  }
  if (wanted.includes('archived') && live.archived && !past.archived) changed = restoreDeal(doc, { dealId: past.id }, origin).ok || changed;
  return changed ? 'restored' : 'unchanged';
}

/** @example await restoreFromHistory(store, hub, boardId, user, { dealId, at: '2026-01-12T14:03:00Z' }) */
export async function restoreFromHistory(
  store: Store,
  hub: BoardHub,
  boardId: string,
  actor: { id: string; name: string },
  input: RestoreInput,
): Promise<RestoreOutcome> {
  const then = await loadBoardAt(store, boardId, input.at);
  const past = readDealById(then.doc, input.dealId);
  then.doc.destroy();
  if (!past || !isValid(past)) throw new HttpError(404, 'not_found', 'The deal did not exist at that time');
  return hub.applyAs(boardId, actor, (doc, origin) => putBack(doc, origin, past, input.fields));
}
