/**
 * Typed readers over the board document. They parse, never cast: a record
 * another client wrote badly comes back as `{id, invalid: true, reason}` and
 * never crashes a client or the server. Doc-level readers are cached per
 * document version (see cache.ts), so calling them on every change is cheap.
 */
import * as Y from 'yjs';
import { docCache, memo } from './cache';
import { compareByRank, isRankKey, type Ranked } from './rank';
import {
  boardMap,
  columnsMap,
  dealsMap,
  DEAL_COMMENTS,
  DEAL_LINKS,
  DEAL_NOTES,
  DEAL_TAGS,
  type BoardInfo,
  type Column,
  type Comment,
  type Deal,
  type InvalidRecord,
  type Parsed,
} from './schema';
import { boardNameSchema, columnSchema, commentSchema, firstIssue, isCurrencyCode, storedDealSchema } from './validate';
import { plainComment, plainDeal } from './plainRecords';

export const DEFAULT_CURRENCY = 'USD';

/**
 * What a missing timestamp reads as. The server stamps every deal and comment it sees, so
 * this only shows in a client's own copy between its write and the server's stamps.
 */
export const UNSTAMPED_AT = '1970-01-01T00:00:00.000Z';
/** What a missing `createdBy`/`updatedBy`/`authorId` reads as (until the server stamps it). */
export const UNSTAMPED_BY = 'unknown';

/** Narrow a parsed record to the valid case. */
export function isValid<T>(record: Parsed<T>): record is T & { invalid?: false } {
  return record.invalid !== true;
}

function invalid(id: string, reason: string): InvalidRecord {
  return { id, invalid: true, reason };
}

/** Board name and currency; defaults (name "", currency "USD") stand in for missing or bad values. */
export function readBoardInfo(doc: Y.Doc): BoardInfo {
  const cache = docCache(doc);
  if (cache?.board) return cache.board;
  const map = boardMap(doc);
  const name = boardNameSchema.safeParse(map.get('name'));
  const currency = map.get('currency');
  const info: BoardInfo = {
    name: name.success ? name.data : '',
    currency: isCurrencyCode(currency) ? currency : DEFAULT_CURRENCY,
  };
  if (cache) cache.board = info;
  return info;
}

/** Parse one column map (the value under `id` in `columns`). */
export function readColumn(id: string, map: unknown): Parsed<Column> {
  if (!(map instanceof Y.Map)) return invalid(id, 'not a map');
  const result = columnSchema.safeParse({
    id,
    name: map.get('name'),
    rank: map.get('rank'),
    kind: map.get('kind') ?? 'open',
    probability: map.get('probability') ?? null,
    staleDays: map.get('staleDays') ?? null,
    color: map.get('color') ?? '#94a3b8',
  });
  return result.success ? result.data : invalid(id, firstIssue(result.error).message);
}

/** Parse one comment map. A deleted comment always reads with an empty body. */
export function readComment(id: string, map: unknown): Parsed<Comment> {
  if (!(map instanceof Y.Map)) return invalid(id, 'not a map');
  const deleted = map.get('deleted') ?? false;
  const input = {
    id,
    authorId: map.get('authorId') ?? UNSTAMPED_BY,
    body: deleted === true ? '' : map.get('body'),
    createdAt: map.get('createdAt') ?? UNSTAMPED_AT,
    editedAt: map.get('editedAt') ?? null,
    deleted,
  };
  const plain = plainComment(input);
  if (plain) return plain;
  const result = commentSchema.safeParse(input);
  return result.success ? result.data : invalid(id, firstIssue(result.error).message);
}

function listOf(value: unknown): unknown {
  if (value === undefined) return [];
  return value instanceof Y.Array ? value.toArray() : value;
}

function commentsOf(value: unknown): unknown {
  if (value === undefined) return [];
  if (!(value instanceof Y.Map)) return value;
  const out: Comment[] = [];
  value.forEach((entry: unknown, key: string) => {
    const comment = readComment(key, entry);
    if (isValid(comment)) out.push(comment);
  });
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Parse one deal map. Only `title`, `columnId` and `rank` are required: every other
 * missing field reads as its default (currency: the board's; bookkeeping fields: see
 * UNSTAMPED_AT), since outside clients may omit them and the server stamps them.
 * Comments that fail validation are left out rather than hiding the whole deal.
 */
export function readDeal(id: string, map: unknown): Parsed<Deal> {
  if (!(map instanceof Y.Map)) return invalid(id, 'not a map');
  const notes: unknown = map.get(DEAL_NOTES);
  const createdAt: unknown = map.get('createdAt') ?? UNSTAMPED_AT;
  const createdBy: unknown = map.get('createdBy') ?? UNSTAMPED_BY;
  const input = {
    id,
    title: map.get('title'),
    kind: map.get('kind') ?? 'other',
    acquirer: map.get('acquirer') ?? '',
    target: map.get('target') ?? '',
    amount: map.get('amount') ?? null,
    amountQualifier: map.get('amountQualifier') ?? 'exact',
    currency: map.get('currency') ?? (map.doc ? readBoardInfo(map.doc).currency : DEFAULT_CURRENCY),
    valuation: map.get('valuation') ?? null,
    probability: map.get('probability') ?? null,
    ownerId: map.get('ownerId') ?? null,
    expectedClose: map.get('expectedClose') ?? null,
    partOf: map.get('partOf') ?? null,
    tags: listOf(map.get(DEAL_TAGS)),
    links: listOf(map.get(DEAL_LINKS)),
    notes: notes === undefined ? '' : notes instanceof Y.Text ? notes.toString() : notes,
    comments: commentsOf(map.get(DEAL_COMMENTS)),
    columnId: map.get('columnId'),
    rank: map.get('rank'),
    createdAt,
    createdBy,
    updatedAt: map.get('updatedAt') ?? createdAt,
    updatedBy: map.get('updatedBy') ?? createdBy,
    stageEnteredAt: map.get('stageEnteredAt') ?? createdAt,
    archived: map.get('archived') ?? false,
  };
  // The same value as the zod parse, without it for a record that is plainly right (plainRecords.ts).
  const plain = plainDeal(input);
  if (plain) return plain;
  const result = storedDealSchema.safeParse(input);
  return result.success ? result.data : invalid(id, firstIssue(result.error).message);
}

/** The deal's Y.Map, or null when there is none (or the entry is not a map). */
export function getDealMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const value: unknown = dealsMap(doc).get(id);
  return value instanceof Y.Map ? value : null;
}

/** The column's Y.Map, or null. */
export function getColumnMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const value: unknown = columnsMap(doc).get(id);
  return value instanceof Y.Map ? value : null;
}

/** The deal's live notes Y.Text, for binding an editor; null when the deal has none. */
export function dealNotes(doc: Y.Doc, dealId: string): Y.Text | null {
  const value: unknown = getDealMap(doc, dealId)?.get(DEAL_NOTES);
  return value instanceof Y.Text ? value : null;
}

/** One deal, parsed (cached); null when no such deal exists. */
export function readDealById(doc: Y.Doc, id: string): Parsed<Deal> | null {
  const map: unknown = dealsMap(doc).get(id);
  if (map === undefined) return null;
  const cache = docCache(doc);
  const hit = cache?.deals.get(id);
  if (hit) return hit;
  const parsed = readDeal(id, map);
  cache?.deals.set(id, parsed);
  return parsed;
}

/** One column, parsed (cached); null when no such column exists. */
export function readColumnById(doc: Y.Doc, id: string): Parsed<Column> | null {
  const map: unknown = columnsMap(doc).get(id);
  if (map === undefined) return null;
  const cache = docCache(doc);
  const hit = cache?.columns.get(id);
  if (hit) return hit;
  const parsed = readColumn(id, map);
  cache?.columns.set(id, parsed);
  return parsed;
}

/** Every column: valid ones by (rank, id), then invalid ones by id. Same array until the doc changes. */
export function readColumns(doc: Y.Doc): Parsed<Column>[] {
  return memo(doc, 'columns', () => {
    const valid: Column[] = [];
    const bad: InvalidRecord[] = [];
    for (const id of columnsMap(doc).keys()) {
      const column = readColumnById(doc, id);
      if (!column) continue;
      if (isValid(column)) valid.push(column);
      else bad.push(column);
    }
    valid.sort(compareByRank);
    bad.sort((a, b) => (a.id < b.id ? -1 : 1));
    return [...valid, ...bad];
  });
}

/** Every deal, valid or not, in no particular order. Same array until the doc changes. */
export function readDeals(doc: Y.Doc): Parsed<Deal>[] {
  return memo(doc, 'deals', () => {
    const out: Parsed<Deal>[] = [];
    for (const id of dealsMap(doc).keys()) {
      const deal = readDealById(doc, id);
      if (deal) out.push(deal);
    }
    return out;
  });
}

/**
 * The deals whose stored `columnId` is `columnId` and whose rank is a valid
 * key, as (id, rank) sorted by (rank, id). A raw scan without full parsing,
 * so mutations stay cheap even inside a large outer transaction (where the
 * parse cache is bypassed).
 */
export function rankedDealsIn(doc: Y.Doc, columnId: string): Ranked[] {
  const out: Ranked[] = [];
  dealsMap(doc).forEach((value: unknown, id: string) => {
    if (!(value instanceof Y.Map) || value.get('columnId') !== columnId) return;
    const rank: unknown = value.get('rank');
    if (isRankKey(rank)) out.push({ id, rank });
  });
  return out.sort(compareByRank);
}

/** Ids of every deal map whose stored `columnId` is `columnId`: ranked ones in order, then the rest by id. */
export function dealIdsIn(doc: Y.Doc, columnId: string): string[] {
  const ranked = rankedDealsIn(doc, columnId).map((r) => r.id);
  const seen = new Set(ranked);
  const rest: string[] = [];
  dealsMap(doc).forEach((value: unknown, id: string) => {
    if (!seen.has(id) && value instanceof Y.Map && value.get('columnId') === columnId) rest.push(id);
  });
  return [...ranked, ...rest.sort()];
}
