/**
 * The board document layout (CONTRACT.md, "The board document"): the one place
 * that names the top-level Yjs types and the record shapes inside them.
 * No other file spells `getMap('deals')`: use the accessors below.
 */
import type * as Y from 'yjs';

export const COLUMN_KINDS = ['open', 'won', 'lost'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const DEAL_KINDS = ['investment', 'acquisition', 'merger', 'partnership', 'other'] as const;
export type DealKind = (typeof DEAL_KINDS)[number];

export const AMOUNT_QUALIFIERS = ['exact', 'up_to', 'about', 'at_least'] as const;
export type AmountQualifier = (typeof AMOUNT_QUALIFIERS)[number];

/** Board-level settings: `board` map. */
export interface BoardInfo {
  name: string;
  /** ISO 4217 code; totals are in this currency. */
  currency: string;
}

/** A stage column, as read from its Y.Map in `columns`. */
export interface Column {
  id: string;
  name: string;
  /** Fractional-index string; order is by rank, then id. */
  rank: string;
  kind: ColumnKind;
  /** Default win probability (0..100) for deals that have none of their own. */
  probability: number | null;
  /** A deal longer than this many days in the column is stale; null: never. */
  staleDays: number | null;
  /** A CSS colour, e.g. "#6366f1". */
  color: string;
}

/** A comment in a deal's `comments` map. */
export interface Comment {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

/** A deal, as read from its Y.Map in `deals`. Plain values; `notes` is the live Y.Text. */
export interface Deal {
  id: string;
  title: string;
  kind: DealKind;
  acquirer: string;
  target: string;
  /** Whole currency units (50 billion dollars is 50_000_000_000), or null when unknown. */
  amount: number | null;
  amountQualifier: AmountQualifier;
  currency: string;
  valuation: number | null;
  /** 0..100, or null to use the column's. */
  probability: number | null;
  columnId: string;
  rank: string;
  ownerId: string | null;
  expectedClose: string | null;
  /**
   * The id of the round this deal is a part (tranche) of, or null. One level deep: a round
   * is not itself a part (see parts.ts for what a link that breaks this reads as).
   */
  partOf: string | null;
  tags: string[];
  links: string[];
  notes: string;
  comments: Comment[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  stageEnteredAt: string;
  archived: boolean;
}

/** A record that failed validation: shown as invalid, left out of totals and exports. */
export interface InvalidRecord {
  id: string;
  invalid: true;
  reason: string;
}

export type Parsed<T> = (T & { invalid?: false }) | InvalidRecord;

/** Top-level names. Only this file may use them. */
const BOARD = 'board';
const COLUMNS = 'columns';
const DEALS = 'deals';

/** Keys of nested shared types inside a deal map. */
export const DEAL_TAGS = 'tags';
export const DEAL_LINKS = 'links';
export const DEAL_NOTES = 'notes';
export const DEAL_COMMENTS = 'comments';

/** Fields on a deal or comment that the server stamps with the connection's user. */
export const SERVER_STAMPED_DEAL_FIELDS = ['createdBy', 'updatedBy'] as const;
export const SERVER_STAMPED_COMMENT_FIELDS = ['authorId'] as const;

export function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BOARD);
}

export function columnsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(COLUMNS);
}

export function dealsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(DEALS);
}

/**
 * The shape every update must keep (the server refuses an update that breaks it, see
 * server/src/sync/schemaGuard.ts). Kinds, not validity: a negative amount is the right
 * kind (a plain value) and is stored, then read as invalid; a Y.Array where a deal
 * should be, or a key no record has, is the wrong shape and never enters the document.
 * The shape is finite, so it also bounds how deep the document can nest.
 */
export type ShapeNode =
  /** A plain JSON value: string, number, boolean or null (never an object or array). */
  | { kind: 'value' }
  /** A Y.Map with these keys only. */
  | { kind: 'map'; fields: Readonly<Record<string, ShapeNode>> }
  /** A Y.Map keyed by ids, every value of one shape. */
  | { kind: 'record'; of: ShapeNode }
  /** A Y.Array of strings. */
  | { kind: 'strings' }
  /** A Y.Text of plain text (no embeds, no formatting). */
  | { kind: 'text' };

const VALUE: ShapeNode = { kind: 'value' };
const valueFields = (keys: readonly string[]): Record<string, ShapeNode> => Object.fromEntries(keys.map((key) => [key, VALUE]));

/** `rates`: the owner's exchange rates, one JSON string (see rates.ts). */
export const BOARD_FIELDS = ['name', 'currency', 'rates'] as const;
export const COLUMN_FIELDS = ['name', 'rank', 'kind', 'probability', 'staleDays', 'color'] as const;
export const COMMENT_FIELDS = ['authorId', 'body', 'createdAt', 'editedAt', 'deleted'] as const;
/** A deal's plain-value fields (its nested types are DEAL_TAGS, DEAL_LINKS, DEAL_NOTES, DEAL_COMMENTS). */
export const DEAL_VALUE_FIELDS = [
  'title',
  'kind',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'columnId',
  'rank',
  'ownerId',
  'expectedClose',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'stageEnteredAt',
  'archived',
  'partOf',
] as const;

export type BoardField = (typeof BOARD_FIELDS)[number];
export type ColumnField = (typeof COLUMN_FIELDS)[number];
export type CommentField = (typeof COMMENT_FIELDS)[number];
/** Every key a deal map may hold: its plain values and its nested types. */
export type DealKey = (typeof DEAL_VALUE_FIELDS)[number] | typeof DEAL_TAGS | typeof DEAL_LINKS | typeof DEAL_NOTES | typeof DEAL_COMMENTS;

/** Each key under its own name, so code spells `DEAL_KEY.columnId` and renaming a field fails to compile (a string would not). */
function keysByName<const K extends string>(keys: readonly K[]): { readonly [P in K]: P } {
  return Object.freeze(Object.fromEntries(keys.map((key) => [key, key]))) as { readonly [P in K]: P };
}

export const BOARD_KEY = keysByName(BOARD_FIELDS);
export const COLUMN_KEY = keysByName(COLUMN_FIELDS);
export const COMMENT_KEY = keysByName(COMMENT_FIELDS);
export const DEAL_KEY = keysByName<DealKey>([...DEAL_VALUE_FIELDS, DEAL_TAGS, DEAL_LINKS, DEAL_NOTES, DEAL_COMMENTS]);

/** The top-level types by name, and what each may hold. */
export const DOCUMENT_SHAPE: Readonly<Record<string, ShapeNode>> = Object.freeze({
  [BOARD]: { kind: 'map', fields: valueFields(BOARD_FIELDS) },
  [COLUMNS]: { kind: 'record', of: { kind: 'map', fields: valueFields(COLUMN_FIELDS) } },
  [DEALS]: {
    kind: 'record',
    of: {
      kind: 'map',
      fields: {
        ...valueFields(DEAL_VALUE_FIELDS),
        [DEAL_TAGS]: { kind: 'strings' },
        [DEAL_LINKS]: { kind: 'strings' },
        [DEAL_NOTES]: { kind: 'text' },
        [DEAL_COMMENTS]: { kind: 'record', of: { kind: 'map', fields: valueFields(COMMENT_FIELDS) } },
      },
    },
  },
});
