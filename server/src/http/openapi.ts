/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 description of every REST route, generated
 * from the same zod schemas the routers validate with (zod 4's `z.toJSONSchema`), so the
 * document cannot drift from the checks. A test walks the routes the app registers and
 * fails when one is missing here.
 */
import { Router } from 'express';
import { z } from 'zod';
import { signupSchema, loginSchema } from './auth';
import { createTokenSchema } from './tokens';
import { createBoardBody, renameBoardBody } from './boards';
import { inviteBody, roleBody } from './members';
import { linkBody } from './invitations';
import { activityQuery } from './activity';
import {
  addCommentBody,
  boardPreviewView,
  columnView,
  editCommentBody,
  commentView,
  createColumnBody,
  createDealBody,
  createWebhookBody,
  dealView,
  deleteColumnQuery,
  deleteDealQuery,
  deliveryView,
  listDealsQuery,
  moveDealBody,
  patchColumnBody,
  patchDealBody,
  patchWebhookBody,
  webhookView,
} from './apiSchemas';
import { activityEventSchema } from '../../../shared/src/events';
import { notificationSettingsSchema } from '../../../shared/src/notifications';
import { watchView, watchesView } from './watches';
import { digestView, markReadBody, markReadView, notificationsQuery, notificationsView, settingsView } from './notifications';
import { CHANGE_KINDS } from '../../../shared/src/history';
import { changesQuery, restoreBody, stateQuery } from './history';
import { momentSchema } from '../history/moment';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Access = 'public' | 'user' | 'viewer' | 'editor' | 'owner';

/** One REST route as documented. `path` is Express-style (`/api/boards/:id`). */
export interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType;
  /** An example request body; the test checks it validates against `body`. */
  example?: unknown;
  /** Status → response body schema (null: no body). */
  responses: Record<number, z.ZodType | null>;
  /** Request headers the route reads. */
  headers?: string[];
}

const ok = z.object({ ok: z.literal(true) });
const user = z.object({ id: z.string(), email: z.string(), name: z.string() });
const role = z.enum(['viewer', 'editor', 'owner']);
const boardSummary = z.object({ id: z.string(), name: z.string(), role, updatedAt: z.string() });
const token = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
const dealsList = z.object({ deals: z.array(dealView), columns: z.array(columnView) });
const deal = z.object({ deal: dealView });
const column = z.object({ column: columnView });
const sessionView = z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), userAgent: z.string(), current: z.boolean() }).loose();
const invitationView = z
  .object({
    id: z.string(),
    kind: z.enum(['email', 'link']),
    email: z.string().nullable(),
    role,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
  })
  .loose();
const webhookCreated = webhookView.extend({ secret: z.string() });

const B = '/api/boards/:id';

const exchangeRatesView = z.object({ base: z.string(), asOf: z.string(), perUnit: z.record(z.string(), z.number()) });
const boardInfo = z.object({ name: z.string(), currency: z.string(), rates: exchangeRatesView.nullable() });
const exportAtQuery = z.object({ at: momentSchema.optional() });
const sums = z.object({ count: z.int(), sum: z.number(), weighted: z.number() });
const pipelineTotals = sums.extend({ currency: z.string(), otherCurrencies: z.record(z.string(), sums) });
/** One change (kind-specific fields: from/to, fromColumnId/toColumnId, direction, reason, fields, ...). */
const changeView = z.looseObject({
  dealId: z.string(),
  title: z.string(),
  kind: z.enum(CHANGE_KINDS),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
});
const changesReport = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({ from: pipelineTotals, to: pipelineTotals }),
  waterfall: z.array(z.object({ key: z.string(), value: z.number(), count: z.int() })),
  changes: z.array(changeView),
});

/** Every REST route. Add a route here when you add it to a router. */
export const ROUTES: readonly RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness', access: 'public', responses: { 200: ok } },
  { method: 'get', path: '/api/ready', summary: 'Readiness: 200 while the store answers, 503 otherwise', access: 'public', responses: { 200: ok, 503: null } },
  {
    method: 'post',
    path: '/api/auth/logout-everywhere',
    summary: 'Sign out every one of your sessions (browser session only)',
    access: 'user',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/api/sessions',
    summary: 'Your signed-in devices (`current` marks this one)',
    access: 'user',
    responses: { 200: z.array(sessionView) },
  },
  { method: 'delete', path: '/api/sessions/:sessionId', summary: 'Sign one session out; closes what it opened', access: 'user', responses: { 204: null } },
  { method: 'get', path: '/api/invitations', summary: 'Invitations waiting for you', access: 'user', responses: { 200: z.array(invitationView) } },
  {
    method: 'post',
    path: '/api/invitations/:invitationId/accept',
    summary: 'Accept an invitation: join the board',
    access: 'user',
    responses: { 200: z.object({ boardId: z.string(), role }) },
  },
  { method: 'delete', path: '/api/invitations/:invitationId', summary: 'Decline an invitation', access: 'user', responses: { 204: null } },
  {
    method: 'get',
    path: '/api/invite-links/:token',
    summary: 'What an invite link offers (no sign-in needed)',
    access: 'public',
    responses: { 200: z.object({}).loose(), 404: null },
  },
  {
    method: 'post',
    path: '/api/invite-links/:token/accept',
    summary: 'Join a board with an invite link (single use)',
    access: 'user',
    responses: { 200: z.object({ boardId: z.string(), role }) },
  },
  {
    method: 'post',
    path: '/api/auth/signup',
    summary: 'Create an account and sign in',
    access: 'public',
    body: signupSchema,
    example: { email: 'ada@example.com', name: 'Ada', password: 'correct horse' },
    responses: { 201: z.object({ user }), 409: null },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in (session cookie)',
    access: 'public',
    body: loginSchema,
    example: { email: 'ada@example.com', password: 'correct horse' },
    responses: { 200: z.object({ user }), 401: null, 429: null },
  },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out; the session dies on the server', access: 'public', responses: { 204: null } },
  { method: 'get', path: '/api/auth/me', summary: 'The signed-in user', access: 'user', responses: { 200: z.object({ user }) } },
  { method: 'get', path: '/api/tokens', summary: 'Your API tokens (no secrets)', access: 'user', responses: { 200: z.array(token) } },
  {
    method: 'post',
    path: '/api/tokens',
    summary: 'Create an API token (shown once)',
    access: 'user',
    body: createTokenSchema,
    example: { name: 'news feed script' },
    responses: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }) },
  },
  { method: 'delete', path: '/api/tokens/:tokenId', summary: 'Revoke a token; closes what it opened', access: 'user', responses: { 204: null } },
  { method: 'get', path: '/api/boards', summary: 'Boards you belong to', access: 'user', responses: { 200: z.array(boardSummary) } },
  {
    method: 'post',
    path: '/api/boards',
    summary: 'Create a board from a template',
    access: 'user',
    body: createBoardBody,
    example: { name: 'AI deals', template: 'pipeline' },
    responses: { 201: z.object({ id: z.string(), name: z.string(), role }) },
  },
  {
    method: 'get',
    path: B,
    summary: 'A board: name, role, columns, deal count',
    access: 'viewer',
    responses: {
      200: z.object({ id: z.string(), name: z.string(), role, currency: z.string(), updatedAt: z.string(), columns: z.array(columnView), dealCount: z.int() }),
    },
  },
  {
    method: 'get',
    path: `${B}/preview`,
    summary: "A board page's first paint: every stage with its deal count and totals, its first 20 live cards, their owners' names",
    access: 'viewer',
    responses: { 200: boardPreviewView },
  },
  {
    method: 'patch',
    path: B,
    summary: 'Rename a board',
    access: 'owner',
    body: renameBoardBody,
    example: { name: 'AI pipeline' },
    responses: { 200: z.object({ id: z.string(), name: z.string(), role }) },
  },
  { method: 'delete', path: B, summary: 'Delete a board', access: 'owner', responses: { 204: null } },
  { method: 'get', path: `${B}/members`, summary: 'Members and their roles', access: 'viewer', responses: { 200: z.array(z.object({ user, role })) } },
  {
    method: 'post',
    path: `${B}/members`,
    summary: 'Invite someone by email (pending until they accept; same answer whether or not they have an account)',
    access: 'owner',
    body: inviteBody,
    example: { email: 'bob@example.com', role: 'editor' },
    responses: { 201: z.object({ invitation: invitationView }), 409: null },
  },
  { method: 'get', path: `${B}/invitations`, summary: 'Pending invitations to the board', access: 'owner', responses: { 200: z.array(invitationView) } },
  { method: 'delete', path: `${B}/invitations/:invitationId`, summary: 'Cancel a pending invitation', access: 'owner', responses: { 204: null } },
  {
    method: 'post',
    path: `${B}/invite-links`,
    summary: 'Create a single-use, expiring invite link with a role',
    access: 'owner',
    body: linkBody,
    example: { role: 'editor' },
    responses: { 201: z.object({ invitation: invitationView, token: z.string() }) },
  },
  {
    method: 'patch',
    path: `${B}/members/:userId`,
    summary: "Change a member's role",
    access: 'owner',
    body: roleBody,
    example: { role: 'viewer' },
    responses: { 200: z.object({ user, role }), 409: null },
  },
  { method: 'delete', path: `${B}/members/:userId`, summary: 'Remove a member (or leave)', access: 'viewer', responses: { 204: null, 409: null } },
  {
    method: 'get',
    path: `${B}/export.json`,
    summary: 'Everything on the board as JSON (?at=: as it was then)',
    access: 'viewer',
    query: exportAtQuery,
    responses: {
      200: z.object({
        id: z.string(),
        exportedAt: z.string(),
        board: boardInfo,
        columns: z.array(columnView),
        deals: z.array(dealView),
      }),
    },
  },
  {
    method: 'get',
    path: `${B}/export.csv`,
    summary: 'The deals as CSV (?at=: as they were then)',
    access: 'viewer',
    query: exportAtQuery,
    responses: { 200: z.string() },
  },
  {
    method: 'post',
    path: `${B}/import`,
    summary: 'Import deals from CSV (the body); ?dryRun=1 previews, ?mapping= overrides the column mapping',
    access: 'editor',
    query: z.object({ dryRun: z.string().optional(), mapping: z.string().optional() }),
    responses: {
      200: z
        .object({
          dryRun: z.boolean(),
          created: z.int(),
          updated: z.int(),
          skipped: z.int(),
          errors: z.array(z.object({ row: z.int(), field: z.string(), message: z.string() })),
        })
        .loose(),
      400: null,
      413: null,
    },
  },
  {
    method: 'post',
    path: `${B}/imports/:importId/undo`,
    summary:
      'Undo a whole import (its importer or an owner): removes the deals it created and puts back the fields it changed, keeping what anyone edited since (listed in skipped)',
    access: 'editor',
    responses: {
      200: z.object({
        importId: z.string(),
        removed: z.int(),
        reverted: z.int(),
        stagesRemoved: z.int(),
        skipped: z.array(z.object({ dealId: z.string(), title: z.string(), field: z.string().optional(), reason: z.enum(['edited_since', 'deal_gone']) })),
      }),
      403: null,
      404: null,
      409: null,
    },
  },
  {
    method: 'get',
    path: `${B}/history/state`,
    summary: 'The board as it was at a moment (?format=yjs: its Yjs update)',
    access: 'viewer',
    query: stateQuery,
    responses: { 200: z.object({ at: z.string(), board: boardInfo, columns: z.array(columnView), deals: z.array(dealView) }), 400: null },
  },
  {
    method: 'get',
    path: `${B}/history/moments`,
    summary: 'When the board changed: the distinct times of its logged updates, oldest first (newest 5,000)',
    access: 'viewer',
    responses: { 200: z.object({ moments: z.array(z.string()) }) },
  },
  {
    method: 'get',
    path: `${B}/history/changes`,
    summary: 'What changed between two moments, with who and when, and the pipeline totals at both ends',
    access: 'viewer',
    query: changesQuery,
    responses: { 200: changesReport, 400: null },
  },
  {
    method: 'post',
    path: `${B}/history/restore`,
    summary: 'Bring back a deleted deal, or put back fields as they were at a moment (a new edit by you)',
    access: 'editor',
    body: restoreBody,
    example: { dealId: 'deal-1', at: '2026-01-12T14:03:00Z', fields: ['amount'] },
    responses: { 200: z.object({ outcome: z.enum(['revived', 'restored', 'unchanged']), deal: dealView }), 404: null },
  },
  {
    method: 'get',
    path: `${B}/activity`,
    summary: 'Activity, newest first',
    access: 'viewer',
    query: activityQuery,
    responses: { 200: z.array(activityEventSchema) },
  },

  {
    method: 'get',
    path: `${B}/deals`,
    summary: 'Deals (parsed, as in the JSON export), filtered',
    access: 'viewer',
    query: listDealsQuery,
    responses: { 200: dealsList },
  },
  {
    method: 'post',
    path: `${B}/deals`,
    summary: 'Create a deal (first open column by default)',
    access: 'editor',
    headers: ['Idempotency-Key'],
    body: createDealBody,
    example: { title: 'Amazon → OpenAI', acquirer: 'Amazon', target: 'OpenAI', amount: 50_000_000_000, amountQualifier: 'up_to', tags: ['ai'] },
    responses: { 201: deal },
  },
  { method: 'get', path: `${B}/deals/:dealId`, summary: 'One deal', access: 'viewer', responses: { 200: deal, 409: null } },
  {
    method: 'patch',
    path: `${B}/deals/:dealId`,
    summary: 'Set only the given fields',
    access: 'editor',
    body: patchDealBody,
    example: { amount: 8_000_000_000, tags: ['ai', 'cloud'] },
    responses: { 200: deal },
  },
  {
    method: 'delete',
    path: `${B}/deals/:dealId`,
    summary: 'Archive a deal (?hard=1: delete it, owner only)',
    access: 'editor',
    query: deleteDealQuery,
    responses: { 200: deal, 204: null },
  },
  {
    method: 'post',
    path: `${B}/deals/:dealId/move`,
    summary: 'Move a deal to a column, after or before a deal',
    access: 'editor',
    body: moveDealBody,
    example: { columnId: 'col-agreed', afterId: 'deal-1' },
    responses: { 200: deal },
  },
  {
    method: 'post',
    path: `${B}/deals/:dealId/comments`,
    summary: 'Comment on a deal',
    access: 'editor',
    body: addCommentBody,
    example: { body: 'Board approval expected in March' },
    responses: { 201: z.object({ comment: commentView }) },
  },
  {
    method: 'patch',
    path: `${B}/deals/:dealId/comments/:commentId`,
    summary: 'Edit your own comment',
    access: 'editor',
    body: editCommentBody,
    example: { body: 'Board approval now expected in April' },
    responses: { 200: z.object({ comment: commentView }) },
  },
  {
    method: 'delete',
    path: `${B}/deals/:dealId/comments/:commentId`,
    summary: 'Delete a comment (soft): its author, or a board owner',
    access: 'editor',
    responses: { 204: null },
  },
  { method: 'get', path: `${B}/columns`, summary: 'Stage columns in order', access: 'viewer', responses: { 200: z.object({ columns: z.array(columnView) }) } },
  {
    method: 'post',
    path: `${B}/columns`,
    summary: 'Add a column',
    access: 'editor',
    body: createColumnBody,
    example: { name: 'Due diligence', probability: 40, afterId: 'col-talks' },
    responses: { 201: column },
  },
  { method: 'get', path: `${B}/columns/:columnId`, summary: 'One column', access: 'viewer', responses: { 200: column } },
  {
    method: 'patch',
    path: `${B}/columns/:columnId`,
    summary: 'Rename, change or move a column',
    access: 'editor',
    body: patchColumnBody,
    example: { name: 'DD', staleDays: 30 },
    responses: { 200: column },
  },
  {
    method: 'delete',
    path: `${B}/columns/:columnId`,
    summary: 'Delete a column (?moveDealsTo= when it holds deals)',
    access: 'editor',
    query: deleteColumnQuery,
    responses: { 204: null },
  },

  {
    method: 'get',
    path: `${B}/webhooks`,
    summary: "The board's webhooks (no secrets)",
    access: 'owner',
    responses: { 200: z.object({ webhooks: z.array(webhookView) }) },
  },
  {
    method: 'post',
    path: `${B}/webhooks`,
    summary: 'Register a webhook (the secret is shown once)',
    access: 'owner',
    body: createWebhookBody,
    example: { url: 'https://hooks.example.com/tranche', events: ['deal.created', 'deal.moved'] },
    responses: { 201: webhookCreated },
  },
  {
    method: 'patch',
    path: `${B}/webhooks/:hookId`,
    summary: 'Re-enable a webhook or change its events',
    access: 'owner',
    body: patchWebhookBody,
    example: { enabled: true },
    responses: { 200: z.object({ webhook: webhookView }) },
  },
  { method: 'delete', path: `${B}/webhooks/:hookId`, summary: 'Delete a webhook', access: 'owner', responses: { 204: null } },
  {
    method: 'get',
    path: `${B}/webhooks/:hookId/deliveries`,
    summary: 'The last 100 deliveries',
    access: 'owner',
    responses: { 200: z.object({ deliveries: z.array(deliveryView) }) },
  },

  { method: 'put', path: `${B}/deals/:dealId/watch`, summary: 'Watch a deal (follows you to every device)', access: 'viewer', responses: { 200: watchView } },
  {
    method: 'delete',
    path: `${B}/deals/:dealId/watch`,
    summary: "Don't watch a deal (outlasts owning or commenting on it)",
    access: 'viewer',
    responses: { 200: watchView },
  },
  { method: 'put', path: `${B}/watch`, summary: 'Watch every deal of the board', access: 'viewer', responses: { 200: watchView } },
  { method: 'delete', path: `${B}/watch`, summary: 'Stop watching every deal of the board', access: 'viewer', responses: { 200: watchView } },
  { method: 'get', path: '/api/me/watches', summary: 'Your watch choices on your boards', access: 'user', responses: { 200: watchesView } },
  {
    method: 'get',
    path: '/api/me/notifications',
    summary: 'Your notifications, newest first, across your boards',
    access: 'user',
    query: notificationsQuery,
    responses: { 200: notificationsView },
  },
  {
    method: 'post',
    path: '/api/me/notifications/read',
    summary: 'Mark notifications read (ids, or all)',
    access: 'user',
    body: markReadBody,
    example: { all: true },
    responses: { 200: markReadView },
  },
  {
    method: 'get',
    path: '/api/me/notification-settings',
    summary: 'Which kinds notify and which also toast',
    access: 'user',
    responses: { 200: settingsView },
  },
  {
    method: 'put',
    path: '/api/me/notification-settings',
    summary: 'Save your notification settings',
    access: 'user',
    body: notificationSettingsSchema,
    example: {
      kinds: {
        mention: { notify: true, toast: true },
        comment: { notify: true, toast: false },
        move: { notify: true, toast: false },
        assigned: { notify: true, toast: true },
        won: { notify: true, toast: false },
        lost: { notify: true, toast: false },
        role: { notify: true, toast: false },
      },
      autoWatch: true,
    },
    responses: { 200: settingsView },
  },
  {
    method: 'get',
    path: '/api/me/digest',
    summary: '"While you were away": changes per board since you last looked (after a few hours away)',
    access: 'user',
    responses: { 200: digestView },
  },

  { method: 'get', path: '/api/openapi.json', summary: 'This document', access: 'public', responses: { 200: z.object({ openapi: z.string() }) } },
];

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  401: 'No identity',
  403: 'No right',
  404: 'Not found or not a member',
  409: 'Conflict',
  429: 'Too many requests',
};
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** `/api/boards/:id` → `/api/boards/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function operation(route: RouteDoc): Record<string, unknown> {
  const parameters: unknown[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (route.query) {
    const query = jsonSchema(route.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  for (const name of route.headers ?? []) parameters.push({ name, in: 'header', required: false, schema: { type: 'string' } });
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const description = STATUS_TEXT[Number(status)] ?? 'Response';
    responses[status] = schema ? { description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } } : { description };
  }
  if (route.body)
    responses['400'] = { description: 'Bad input; the message names the field', content: { 'application/json': { schema: jsonSchema(errorBody, 'output') } } };
  if (route.access !== 'public') responses['401'] ??= { description: STATUS_TEXT[401] };
  if (route.access === 'editor' || route.access === 'owner') responses['403'] ??= { description: STATUS_TEXT[403] };
  if (route.path.startsWith(B)) responses['404'] ??= { description: STATUS_TEXT[404] };
  return {
    summary: route.summary,
    'x-tranche-role': route.access,
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input'), ...(route.example !== undefined ? { example: route.example } : {}) } },
          },
        }
      : {}),
    responses,
  };
}

/** The whole OpenAPI 3.1 document. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: { title: 'Tranche', version: '1', description: 'The public REST API of Tranche; see docs/API.md for the document (Yjs) and live events.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'tranche_session' },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
  };
}

export function createOpenApiRouter(): Router {
  const router = Router();
  let document: Record<string, unknown> | null = null;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApi();
    res.json(document);
  });
  return router;
}
