/**
 * The zod schemas of the public REST API for scripts (deals, columns, webhooks): the
 * routers validate with them and the OpenAPI document is generated from them, so the
 * two cannot drift. Field rules come from shared/src/board/validate.ts.
 */
import { z } from 'zod';
import {
  columnSchema,
  commentBodySchema,
  dealPatchSchema,
  dealSchema,
  storedDealSchema,
  idSchema,
  isoDateSchema,
  newColumnSchema,
  newDealSchema,
  tagSchema,
} from '../../../shared/src/board/validate';
import { ACTIVITY_TYPES } from '../../../shared/src/events';

/** Where to put a record among its siblings: right after `afterId`, or right before `beforeId` (default: the end). */
const position = {
  afterId: idSchema.nullable().optional(),
  beforeId: idSchema.nullable().optional(),
};

export const listDealsQuery = z.strictObject({
  columnId: idSchema.optional(),
  ownerId: idSchema.optional(),
  tag: tagSchema.optional(),
  /** Case-insensitive text in title, acquirer, target, notes or tags. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Deals whose updatedAt is at or after this moment. */
  updatedSince: isoDateSchema.optional(),
  /** `false` (default): active deals; `true`: archived ones; `any`: both. */
  archived: z.enum(['false', 'true', 'any']).default('false'),
});

/** POST /deals: any editable deal field; `columnId` defaults to the first open column. */
export const createDealBody = newDealSchema.omit({ after: true, before: true }).extend({ columnId: idSchema.optional(), ...position });

/** PATCH /deals/:dealId: only the fields given are written (`archived` archives or restores). */
export const patchDealBody = dealPatchSchema.extend({ archived: z.boolean().optional() });

export const moveDealBody = z.strictObject({ columnId: idSchema, ...position });

export const deleteDealQuery = z.strictObject({ hard: z.enum(['0', '1']).optional() });

export const addCommentBody = z.strictObject({ body: commentBodySchema });

export const editCommentBody = addCommentBody;

export const createColumnBody = newColumnSchema.omit({ after: true, before: true }).extend(position);

export const patchColumnBody = newColumnSchema.omit({ after: true, before: true }).partial().extend(position);

export const deleteColumnQuery = z.strictObject({ moveDealsTo: idSchema.optional() });

/** A deal as the API (and the JSON export) returns it. */
export const dealView = dealSchema.omit({ comments: true }).extend({
  stage: z.string().nullable(),
  comments: z.array(z.object({ id: z.string(), authorId: z.string(), body: z.string(), createdAt: z.string(), editedAt: z.string().nullable() })),
});

export const commentView = z.object({
  id: z.string(),
  authorId: z.string(),
  body: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
});

export const columnView = columnSchema;

/** GET /boards/:id/preview (shared/src/board/preview.ts): a board page's first paint. */
const laneTotalsView = z.object({
  count: z.int(),
  sum: z.number(),
  weighted: z.number(),
  stale: z.int(),
  otherCurrencies: z.record(z.string(), z.object({ count: z.int(), sum: z.number(), weighted: z.number() })),
});
export const boardPreviewView = z.object({
  name: z.string(),
  currency: z.string(),
  lanes: z.array(
    z.object({
      key: z.string(),
      column: columnSchema.nullable(),
      totals: laneTotalsView,
      insideRounds: z.int(),
      deals: z.array(storedDealSchema.omit({ notes: true, comments: true }).extend({ commentCount: z.int() })),
      invalid: z.int(),
    }),
  ),
  owners: z.record(z.string(), z.string()),
  roundLines: z.record(z.string(), z.string()),
});

export const webhookEventsSchema = z
  .array(z.enum([...ACTIVITY_TYPES, '*']))
  .min(1)
  .max(ACTIVITY_TYPES.length + 1);

export const createWebhookBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2_048),
  events: webhookEventsSchema,
});

export const patchWebhookBody = z.strictObject({
  enabled: z.boolean().optional(),
  events: webhookEventsSchema.optional(),
});

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  consecutiveFailures: z.int(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});

export const deliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  statusCode: z.int().nullable(),
  attempts: z.int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
