/**
 * Zod schemas for every record and every mutation input. The server reuses
 * them at its trust boundaries (REST bodies, imports), so one rule holds
 * everywhere. Input schemas are strict: an unknown key is rejected, naming it.
 */
import { z } from 'zod';
import { AMOUNT_QUALIFIERS, COLUMN_KINDS, DEAL_KINDS } from './schema';
import { isRankKey } from './rank';
import { BOARD_TEMPLATES } from './templates';
import { MAX_AMOUNT } from '../input/amount';

export const LIMITS = {
  title: 200,
  columnName: 60,
  boardName: 100,
  party: 200,
  tag: 40,
  tags: 20,
  links: 20,
  link: 2_048,
  commentBody: 5_000,
  notes: 100_000,
  id: 64,
} as const;

let currencies: Set<string> | null | undefined;

/** ISO 4217 code: three capitals, and known to `Intl` where the runtime can list them. */
export function isCurrencyCode(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) return false;
  if (currencies === undefined) {
    const intl = Intl as { supportedValuesOf?: (key: 'currency') => string[] };
    currencies = typeof intl.supportedValuesOf === 'function' ? new Set(intl.supportedValuesOf('currency')) : null;
  }
  return currencies === null || currencies.has(value);
}

/** A host name (letters, digits, hyphens, dots, as URL gives it after punycode) or a bracketed IPv6 address. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i;

/** An absolute http(s) URL with a host; anything else (javascript:, data:, relative) is refused. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > LIMITS.link || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    // Some URL parsers percent-encode a host they should refuse ("not a url" -> "not%20a%20url").
    return (url.protocol === 'http:' || url.protocol === 'https:') && HOST.test(url.hostname);
  } catch {
    return false;
  }
}

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** ISO 8601 date ("2026-03-31") or date-time with zone ("2026-01-29T12:00:00.000Z"). */
export function isIsoDate(value: unknown): value is string {
  return isoDateTime.safeParse(value).success || isoDate.safeParse(value).success;
}

/** The first problem in a zod error, with the field it concerns ("" for the whole input). */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '', message: 'invalid input' };
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
  const text = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  return { field, message: field ? `${field}: ${text}` : text };
}

const dedupe = (list: string[]): string[] => [...new Set(list)];

/**
 * The key two tags are compared by: "AI" and "ai" are one tag. Lowercased as in English, which
 * is `toLowerCase` (Unicode's only language-specific lowercasings are Lithuanian, Turkish and
 * Azeri); `toLocaleLowerCase('en-US')`, the same result, was a fifth of a big board's first read.
 */
export const tagKey = (tag: string): string => tag.trim().toLowerCase();

/** Tags without repeats (compared by tagKey), keeping each tag's first spelling and the order. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tagKey(tag);
    return !seen.has(key) && seen.add(key);
  });
}

export const idSchema = z.string().min(1).max(LIMITS.id);
export const titleSchema = z.string().trim().min(1).max(LIMITS.title);
export const columnNameSchema = z.string().trim().min(1).max(LIMITS.columnName);
export const boardNameSchema = z.string().trim().min(1, 'must not be empty').max(LIMITS.boardName, `at most ${LIMITS.boardName} characters`);
export const partySchema = z.string().trim().max(LIMITS.party);
export const currencySchema = z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code');
export const moneySchema = z.number().min(0).max(MAX_AMOUNT, 'must be at most 1,000 trillion (1e15)').nullable();
export const probabilitySchema = z.int().min(0).max(100).nullable();
export const staleDaysSchema = z.int().min(1).max(36_500).nullable();
export const colorSchema = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a CSS hex colour like #aabbcc');
export const isoDateSchema = z.string().refine(isIsoDate, 'must be an ISO 8601 date');
export const timestampSchema = isoDateTime;
export const rankSchema = z.string().refine(isRankKey, 'must be a fractional-index key');
export const tagSchema = z.string().trim().min(1).max(LIMITS.tag);
export const linkSchema = z.string().trim().max(LIMITS.link, `must be at most ${LIMITS.link} characters`).refine(isHttpUrl, 'must be an http(s) URL');
export const tagsSchema = z.array(tagSchema).max(LIMITS.tags).transform(uniqueTags);
export const linksSchema = z.array(linkSchema).max(LIMITS.links).transform(dedupe);
export const notesSchema = z.string().max(LIMITS.notes);
export const commentBodySchema = z.string().trim().min(1).max(LIMITS.commentBody);
export const columnKindSchema = z.enum(COLUMN_KINDS);
export const dealKindSchema = z.enum(DEAL_KINDS);
export const amountQualifierSchema = z.enum(AMOUNT_QUALIFIERS);
/** Where to insert: ids of the neighbours to follow / precede (null or absent: no constraint on that side). */
const neighbour = idSchema.nullable().optional();

/** A stored column (the `columns` map entry, plus its id). */
export const columnSchema = z.object({
  id: idSchema,
  name: columnNameSchema,
  rank: rankSchema,
  kind: columnKindSchema,
  probability: probabilitySchema,
  staleDays: staleDaysSchema,
  color: colorSchema,
});

/** A stored comment. The body is empty once deleted (soft delete). */
export const commentSchema = z
  .object({
    id: idSchema,
    authorId: z.string().min(1),
    body: z.string().max(LIMITS.commentBody),
    createdAt: timestampSchema,
    editedAt: timestampSchema.nullable(),
    deleted: z.boolean(),
  })
  .refine((c) => c.deleted || c.body.trim().length > 0, { message: 'body must not be empty', path: ['body'] });

/** The deal fields a person edits directly (no position, identity or bookkeeping fields). */
const editableDealShape = {
  title: titleSchema,
  kind: dealKindSchema,
  acquirer: partySchema,
  target: partySchema,
  amount: moneySchema,
  amountQualifier: amountQualifierSchema,
  currency: currencySchema,
  valuation: moneySchema,
  probability: probabilitySchema,
  ownerId: idSchema.nullable(),
  expectedClose: isoDateSchema.nullable(),
  /** The round this deal is part of (a deal id), or null; the board-level rules are in parts.ts. */
  partOf: idSchema.nullable(),
  tags: tagsSchema,
  links: linksSchema,
};

/** A stored deal as the readers return it (notes as text, comments as a list). */
export const dealSchema = z.object({
  id: idSchema,
  ...editableDealShape,
  columnId: idSchema,
  rank: rankSchema,
  notes: z.string(),
  comments: z.array(commentSchema),
  createdAt: timestampSchema,
  createdBy: z.string().min(1),
  updatedAt: timestampSchema,
  updatedBy: z.string().min(1),
  stageEnteredAt: timestampSchema,
  archived: z.boolean(),
});

/**
 * What readers accept: concurrent tag/link edits merge in the CRDT, so a
 * stored deal may hold more than 20 (or duplicate) tags although no single
 * edit wrote them. Readers dedupe; only writes enforce the limit.
 */
export const storedDealSchema = dealSchema.extend({
  tags: z.array(tagSchema).transform(uniqueTags),
  links: z.array(linkSchema).transform(dedupe),
});

/** `updateDeal` patch: any subset of the editable fields (and `notes`, applied as a minimal text edit). */
export const dealPatchSchema = z.strictObject({ ...editableDealShape, notes: notesSchema }).partial();

/** `createDeal` input. Only `columnId` and `title` are required. */
export const newDealSchema = z
  .strictObject({
    columnId: idSchema,
    ...editableDealShape,
    notes: notesSchema,
    after: neighbour,
    before: neighbour,
  })
  .partial()
  .required({ columnId: true, title: true });

/** `addColumn` input. */
export const newColumnSchema = z.strictObject({
  name: columnNameSchema,
  kind: columnKindSchema.optional(),
  probability: probabilitySchema.optional(),
  staleDays: staleDaysSchema.optional(),
  color: colorSchema.optional(),
  after: neighbour,
  before: neighbour,
});

/** `setColumnProps` input. */
export const columnPropsSchema = z.strictObject({
  columnId: idSchema,
  kind: columnKindSchema.optional(),
  probability: probabilitySchema.optional(),
  staleDays: staleDaysSchema.optional(),
  color: colorSchema.optional(),
});

/** `initBoard` / `setBoardInfo` inputs. */
export const initBoardSchema = z.strictObject({
  name: boardNameSchema,
  currency: currencySchema.optional(),
  template: z.enum(BOARD_TEMPLATES),
});
export const boardInfoPatchSchema = z.strictObject({
  name: boardNameSchema.optional(),
  currency: currencySchema.optional(),
});

export type DealPatch = z.output<typeof dealPatchSchema>;
export type NewDealInput = z.input<typeof newDealSchema>;
export type NewColumnInput = z.input<typeof newColumnSchema>;
export type ColumnPropsInput = z.input<typeof columnPropsSchema>;
