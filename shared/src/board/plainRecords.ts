/**
 * The readers' fast path. Nearly every stored deal and comment already is what the zod schemas
 * in validate.ts want, and parsing 10,000 deals (20,000 comments) with zod took most of half a
 * second before a big board could paint. These checks accept only such records, by the same
 * rules and predicates, and return the very value the schema's parse would: strings trimmed
 * where the schema trims, tags and links deduplicated, keys in the schema's order. A record
 * they are unsure of gives null, and the reader parses it with zod, which stays the one
 * definition and names the problem. test/unit/plainRecords.test.ts holds the two to the same
 * results.
 */
import { AMOUNT_QUALIFIERS, DEAL_KINDS, type AmountQualifier, type Comment, type Deal, type DealKind } from './schema';
import { isRankKey } from './rank';
import { isCurrencyCode, isHttpUrl, isIsoDate, LIMITS, timestampSchema, uniqueTags } from './validate';
import { MAX_AMOUNT } from '../input/amount';

/** The pattern `timestampSchema` tests (a zod string format is its pattern); its own parse without one. */
const timestampPattern = timestampSchema.def.pattern;

const isTimestamp = (v: unknown): v is string => typeof v === 'string' && (timestampPattern ? timestampPattern.test(v) : timestampSchema.safeParse(v).success);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.id;
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length >= 1;
const isMoney = (v: unknown): v is number | null => v === null || (Number.isFinite(v) && (v as number) >= 0 && (v as number) <= MAX_AMOUNT);
const isProbability = (v: unknown): v is number | null => v === null || (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 100);
const isKind = (v: unknown): v is DealKind => (DEAL_KINDS as readonly unknown[]).includes(v);
const isQualifier = (v: unknown): v is AmountQualifier => (AMOUNT_QUALIFIERS as readonly unknown[]).includes(v);

/** `string().trim().max(max)` (and `.min(1)` when `nonEmpty`): the trimmed text, or null. */
function trimmed(v: unknown, max: number, nonEmpty: boolean): string | null {
  if (typeof v !== 'string') return null;
  const text = v.trim();
  return text.length <= max && (!nonEmpty || text.length >= 1) ? text : null;
}

/** The stored tags as `storedDealSchema` reads them (each trimmed, 1..40, repeats dropped), or null. */
function plainTags(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const tag of v) {
    const text = trimmed(tag, LIMITS.tag, true);
    if (text === null) return null;
    out.push(text);
  }
  return uniqueTags(out);
}

/** The stored links as `storedDealSchema` reads them (each trimmed, an http(s) URL, repeats dropped), or null. */
function plainLinks(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const link of v) {
    const text = trimmed(link, LIMITS.link, false);
    if (text === null || !isHttpUrl(text)) return null;
    out.push(text);
  }
  return [...new Set(out)];
}

/** What `commentSchema.safeParse(input)` gives when it succeeds, or null (then ask zod). */
export function plainComment(input: Record<string, unknown>): Comment | null {
  const { id, authorId, body, createdAt, editedAt, deleted } = input;
  if (!isId(id) || !isNonEmpty(authorId) || typeof body !== 'string' || body.length > LIMITS.commentBody) return null;
  if (!isTimestamp(createdAt) || !(editedAt === null || isTimestamp(editedAt)) || typeof deleted !== 'boolean') return null;
  if (!deleted && body.trim().length === 0) return null;
  return { id, authorId, body, createdAt, editedAt, deleted };
}

function plainComments(v: unknown): Comment[] | null {
  if (!Array.isArray(v)) return null;
  const out: Comment[] = [];
  for (const entry of v) {
    const comment = typeof entry === 'object' && entry !== null ? plainComment(entry as Record<string, unknown>) : null;
    if (!comment) return null;
    out.push(comment);
  }
  return out;
}

/** What `storedDealSchema.safeParse(input)` gives when it succeeds, or null (then ask zod). */
export function plainDeal(input: Record<string, unknown>): Deal | null {
  const { id, kind, amount, amountQualifier, currency, valuation, probability, ownerId, expectedClose, partOf } = input;
  const { columnId, rank, notes, createdAt, createdBy, updatedAt, updatedBy, stageEnteredAt, archived } = input;
  const title = trimmed(input.title, LIMITS.title, true);
  const acquirer = trimmed(input.acquirer, LIMITS.party, false);
  const target = trimmed(input.target, LIMITS.party, false);
  if (!isId(id) || title === null || !isKind(kind) || acquirer === null || target === null) return null;
  if (!isMoney(amount) || !isQualifier(amountQualifier) || typeof currency !== 'string' || !isCurrencyCode(currency) || !isMoney(valuation)) return null;
  if (!isProbability(probability) || !(ownerId === null || isId(ownerId)) || !(partOf === null || isId(partOf))) return null;
  if (!(expectedClose === null || (typeof expectedClose === 'string' && isIsoDate(expectedClose)))) return null;
  if (!isId(columnId) || !isRankKey(rank) || typeof notes !== 'string' || typeof archived !== 'boolean') return null;
  if (!isTimestamp(createdAt) || !isTimestamp(updatedAt) || !isTimestamp(stageEnteredAt) || !isNonEmpty(createdBy) || !isNonEmpty(updatedBy)) return null;
  const tags = plainTags(input.tags);
  const links = plainLinks(input.links);
  const comments = plainComments(input.comments);
  if (!tags || !links || !comments) return null;
  // In the schema's key order, as its parse builds the object (exports serialise it as it is).
  return {
    id,
    title,
    kind,
    acquirer,
    target,
    amount,
    amountQualifier,
    currency,
    valuation,
    probability,
    ownerId,
    expectedClose,
    partOf,
    tags,
    links,
    columnId,
    rank,
    notes,
    comments,
    createdAt,
    createdBy,
    updatedAt,
    updatedBy,
    stageEnteredAt,
    archived,
  };
}
