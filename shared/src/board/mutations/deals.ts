/** Deal mutations: create, edit, move, archive, restore, delete. */
import * as Y from 'yjs';
import { z } from 'zod';
import type { MutationOrigin } from '../origin';
import { getDealMap, isValid, rankedDealsIn, readBoardInfo, readColumnById } from '../readers';
import { boardHasNoRoomForDeals, DEAL_LIMIT_MESSAGE } from '../limits';
import { applyPlan } from '../rank';
import { fail, ok, type MutationResult } from '../result';
import { dealsMap, DEAL_COMMENTS, DEAL_LINKS, DEAL_NOTES, DEAL_TAGS } from '../schema';
import { dealPatchSchema, idSchema, newDealSchema, type NewDealInput } from '../validate';
import { partOfProblem } from '../parts';
import { context, noop, parseInput, placeAmong, stamp, type MutationOptions } from './common';
import { syncArray, syncText } from './edits';

const dealExists = (doc: Y.Doc) => (id: string) => getDealMap(doc, id) !== null;

function rerank(doc: Y.Doc, list: readonly { id: string; rank: string }[]): void {
  for (const { id, rank } of list) getDealMap(doc, id)?.set('rank', rank);
}

/**
 * Create a deal in a column, at its end unless `after`/`before` (deal ids)
 * say where. Currency defaults to the board's.
 * @example createDeal(doc, {columnId, title: 'Amazon → OpenAI', amount: 50e9, amountQualifier: 'up_to'}, origin)
 */
export function createDeal(doc: Y.Doc, input: NewDealInput, origin: MutationOrigin, options?: MutationOptions): MutationResult<{ dealId: string }> {
  const parsed = parseInput(newDealSchema, input);
  if (!parsed.ok) return parsed;
  const { columnId, after, before, tags, links, notes, ...fields } = parsed.value;
  const column = readColumnById(doc, columnId);
  if (!column || !isValid(column)) return fail('not_found', 'no such column', 'columnId');
  const partProblem = fields.partOf ? partOfProblem(doc, null, fields.partOf) : null;
  if (partProblem) return partProblem;
  if (boardHasNoRoomForDeals(doc)) return fail('invalid', DEAL_LIMIT_MESSAGE);
  const ctx = context(origin, options);
  const dealId = ctx.makeId();
  const siblings = options?.rankedByColumn?.get(columnId) ?? rankedDealsIn(doc, columnId);
  const plan = placeAmong(siblings, dealId, after, before, dealExists(doc));
  if (!plan.ok) return plan;
  const currency = fields.currency ?? readBoardInfo(doc).currency;
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    dealsMap(doc).set(dealId, map);
    map.set('title', fields.title);
    map.set('kind', fields.kind ?? 'other');
    map.set('acquirer', fields.acquirer ?? '');
    map.set('target', fields.target ?? '');
    map.set('amount', fields.amount ?? null);
    map.set('amountQualifier', fields.amountQualifier ?? 'exact');
    map.set('currency', currency);
    map.set('valuation', fields.valuation ?? null);
    map.set('probability', fields.probability ?? null);
    map.set('ownerId', fields.ownerId ?? null);
    map.set('expectedClose', fields.expectedClose ?? null);
    // Written only when set: a deal that is no part reads as `partOf: null` without the key.
    if (fields.partOf) map.set('partOf', fields.partOf);
    map.set('columnId', columnId);
    map.set('rank', plan.value.rank);
    map.set(DEAL_TAGS, Y.Array.from(tags ?? []));
    map.set(DEAL_LINKS, Y.Array.from(links ?? []));
    const text = new Y.Text();
    map.set(DEAL_NOTES, text);
    if (notes) text.insert(0, notes);
    map.set(DEAL_COMMENTS, new Y.Map<unknown>());
    map.set('createdAt', ctx.at);
    map.set('createdBy', ctx.actor);
    map.set('stageEnteredAt', ctx.at);
    map.set('archived', false);
    stamp(map, ctx);
    rerank(doc, plan.value.rerank);
  }, origin);
  options?.rankedByColumn?.set(columnId, applyPlan(siblings, plan.value, dealId));
  return ok({ dealId });
}

const updateSchema = z.strictObject({ dealId: idSchema, patch: dealPatchSchema });

/** The nested Y.Array under `key`, created when missing or malformed. */
function arrayAt(map: Y.Map<unknown>, key: string): Y.Array<unknown> {
  const value: unknown = map.get(key);
  if (value instanceof Y.Array) return value;
  const fresh = new Y.Array<unknown>();
  map.set(key, fresh);
  return fresh;
}

function textAt(map: Y.Map<unknown>, key: string): Y.Text {
  const value: unknown = map.get(key);
  if (value instanceof Y.Text) return value;
  const fresh = new Y.Text();
  map.set(key, fresh);
  return fresh;
}

function sameList(value: unknown, target: readonly string[]): boolean {
  const list = value instanceof Y.Array ? value.toArray() : null;
  return list !== null && list.length === target.length && list.every((v, i) => v === target[i]);
}

/**
 * Edit a deal field by field: only fields whose value differs are written
 * (so a concurrent edit of another field is kept); tags/links get a minimal
 * array edit and notes a minimal text edit. 'noop' when nothing differs.
 */
export function updateDeal(
  doc: Y.Doc,
  input: { dealId: string; patch: z.input<typeof dealPatchSchema> },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult {
  const parsed = parseInput(updateSchema, input);
  if (!parsed.ok) return parsed;
  const map = getDealMap(doc, parsed.value.dealId);
  if (!map) return fail('not_found', 'no such deal', 'dealId');
  const { tags, links, notes, ...plain } = parsed.value.patch;
  const fields = Object.entries(plain).filter(([key, value]) => value !== undefined && map.get(key) !== value);
  const partProblem = plain.partOf && fields.some(([key]) => key === 'partOf') ? partOfProblem(doc, parsed.value.dealId, plain.partOf) : null;
  if (partProblem) return partProblem;
  const lists: [string, string[]][] = [];
  if (tags !== undefined && !sameList(map.get(DEAL_TAGS), tags)) lists.push([DEAL_TAGS, tags]);
  if (links !== undefined && !sameList(map.get(DEAL_LINKS), links)) lists.push([DEAL_LINKS, links]);
  const current: unknown = map.get(DEAL_NOTES);
  const notesChange = notes !== undefined && !(current instanceof Y.Text && current.toString() === notes);
  if (fields.length === 0 && lists.length === 0 && !notesChange) return noop();
  const ctx = context(origin, options);
  doc.transact(() => {
    for (const [key, value] of fields) map.set(key, value);
    for (const [key, value] of lists) syncArray(arrayAt(map, key), value);
    if (notesChange) syncText(textAt(map, DEAL_NOTES), notes);
    stamp(map, ctx);
  }, origin);
  return ok();
}

/**
 * Make a deal part of another (its round), or a deal on its own again with `partOf: null`.
 * The round must be another deal on the board that is not itself a part, and the deal must
 * have no parts of its own (see parts.ts); totals then count the money once, in the round.
 * @example setPartOf(doc, { dealId: amazonId, partOf: roundId }, origin)
 */
export function setPartOf(doc: Y.Doc, input: { dealId: string; partOf: string | null }, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  return updateDeal(doc, { dealId: input.dealId, patch: { partOf: input.partOf } }, origin, options);
}

const moveSchema = z.strictObject({
  dealId: idSchema,
  toColumnId: idSchema,
  after: idSchema.nullable().optional(),
  before: idSchema.nullable().optional(),
});

/**
 * Move a deal: right after deal `after`, or right before deal `before`, or to
 * the end of `toColumnId`. Sets `columnId` and `rank` on the deal's own map
 * (never delete + reinsert, so concurrent moves cannot duplicate it); both are
 * always written together so concurrent moves resolve to one consistent pair.
 * `stageEnteredAt` changes only when the column does.
 */
export function moveDeal(
  doc: Y.Doc,
  input: { dealId: string; toColumnId: string; after?: string | null; before?: string | null },
  origin: MutationOrigin,
  options?: MutationOptions,
): MutationResult {
  const parsed = parseInput(moveSchema, input);
  if (!parsed.ok) return parsed;
  const { dealId, toColumnId, after, before } = parsed.value;
  const map = getDealMap(doc, dealId);
  if (!map) return fail('not_found', 'no such deal', 'dealId');
  const column = readColumnById(doc, toColumnId);
  if (!column || !isValid(column)) return fail('not_found', 'no such column', 'toColumnId');
  const plan = placeAmong(rankedDealsIn(doc, toColumnId), dealId, after, before, dealExists(doc));
  if (!plan.ok) return plan;
  const ctx = context(origin, options);
  const changesColumn = map.get('columnId') !== toColumnId;
  doc.transact(() => {
    map.set('columnId', toColumnId);
    map.set('rank', plan.value.rank);
    if (changesColumn) map.set('stageEnteredAt', ctx.at);
    stamp(map, ctx);
    rerank(doc, plan.value.rerank);
  }, origin);
  return ok();
}

const dealIdSchema = z.strictObject({ dealId: idSchema });

function setArchived(doc: Y.Doc, input: { dealId: string }, archived: boolean, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  const parsed = parseInput(dealIdSchema, input);
  if (!parsed.ok) return parsed;
  const map = getDealMap(doc, parsed.value.dealId);
  if (!map) return fail('not_found', 'no such deal', 'dealId');
  if ((map.get('archived') ?? false) === archived) return noop(archived ? 'already archived' : 'not archived');
  const ctx = context(origin, options);
  doc.transact(() => {
    map.set('archived', archived);
    stamp(map, ctx);
  }, origin);
  return ok();
}

/** Hide a deal from the board (it keeps its column and rank; totals leave it out). */
export function archiveDeal(doc: Y.Doc, input: { dealId: string }, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  return setArchived(doc, input, true, origin, options);
}

/** Bring an archived deal back where it was. */
export function restoreDeal(doc: Y.Doc, input: { dealId: string }, origin: MutationOrigin, options?: MutationOptions): MutationResult {
  return setArchived(doc, input, false, origin, options);
}

/** Remove a deal and everything in it (notes, comments) from the document. */
export function deleteDeal(doc: Y.Doc, input: { dealId: string }, origin: MutationOrigin, _options?: MutationOptions): MutationResult {
  const parsed = parseInput(dealIdSchema, input);
  if (!parsed.ok) return parsed;
  if (!dealsMap(doc).has(parsed.value.dealId)) return fail('not_found', 'no such deal', 'dealId');
  doc.transact(() => dealsMap(doc).delete(parsed.value.dealId), origin);
  return ok();
}
