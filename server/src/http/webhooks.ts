/**
 * Webhooks REST (owners; docs/API.md, "Webhooks"): register a URL for some or all
 * activity types (the signing secret is shown once), list, change or re-enable, delete,
 * and see the last 100 deliveries. A URL that resolves to a private address is refused
 * unless its host is in WEBHOOK_ALLOW_HOSTS.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Identify } from '../auth/identify';
import type { DeliveryRecord, Store, WebhookRecord } from '../store/Store';
import { assertPublicUrl, BlockedAddressError } from '../webhooks/addressGuard';
import { newWebhookSecret } from '../webhooks/signature';
import type { WebhookDispatcher } from '../webhooks/WebhookDispatcher';
import { HttpError } from './errors';
import { parseBody } from './validate';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { createWebhookBody, patchWebhookBody } from './apiSchemas';

export interface WebhookRoutesDeps {
  store: Store;
  identify: Identify;
  webhooks: WebhookDispatcher;
  allowHosts: readonly string[];
}

/** A board may have at most this many webhooks. */
export const MAX_WEBHOOKS_PER_BOARD = 20;
/** Deliveries listed per webhook. */
export const DELIVERIES_SHOWN = 100;

/** A webhook as listed: never its secret. */
export function webhookView(hook: WebhookRecord) {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    enabled: hook.disabledAt === null,
    consecutiveFailures: hook.consecutiveFailures,
    createdAt: hook.createdAt,
    disabledAt: hook.disabledAt,
  };
}

function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    statusCode: d.statusCode,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastError: d.lastError,
    createdAt: d.createdAt,
  };
}

async function requireHook(store: Store, boardId: string, req: Request): Promise<WebhookRecord> {
  const hook = await store.getWebhook(boardId, String(req.params.hookId ?? ''));
  if (!hook) throw new HttpError(404, 'not_found', 'No such webhook');
  return hook;
}

export function createWebhooksRouter(deps: WebhookRoutesDeps): Router {
  const { store, webhooks } = deps;
  const router = Router();
  router.use('/boards/:id/webhooks', requireUser(deps.identify));

  router.get('/boards/:id/webhooks', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    res.json({ webhooks: (await store.listWebhooks(boardId)).map(webhookView) });
  });

  router.post('/boards/:id/webhooks', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'owner');
    const body = parseBody(createWebhookBody, req.body);
    try {
      await assertPublicUrl(new URL(body.url), deps.allowHosts);
    } catch (error) {
      const reason = error instanceof BlockedAddressError ? error.message : 'the host does not resolve';
      throw new HttpError(400, 'invalid_input', `url: ${reason}`);
    }
    if ((await store.listWebhooks(boardId)).length >= MAX_WEBHOOKS_PER_BOARD) {
      throw new HttpError(409, 'too_many_webhooks', `A board may have at most ${MAX_WEBHOOKS_PER_BOARD} webhooks`);
    }
    const events = body.events.includes('*') ? ['*'] : [...new Set(body.events)];
    const hook = await store.createWebhook({ id: randomUUID(), boardId, url: body.url, events, secret: newWebhookSecret(), createdBy: user.id });
    res.status(201).json({ ...webhookView(hook), secret: hook.secret });
  });

  router.patch('/boards/:id/webhooks/:hookId', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    const body = parseBody(patchWebhookBody, req.body);
    const hook = await requireHook(store, boardId, req);
    const enabling = body.enabled === true && hook.disabledAt !== null;
    await store.updateWebhook(hook.id, {
      ...(body.events ? { events: body.events.includes('*') ? ['*'] : [...new Set(body.events)] } : {}),
      ...(body.enabled === false && hook.disabledAt === null ? { disabledAt: new Date().toISOString() } : {}),
      ...(enabling ? { disabledAt: null, consecutiveFailures: 0 } : {}),
    });
    if (enabling) webhooks.kick();
    res.json({ webhook: webhookView((await store.getWebhook(boardId, hook.id))!) });
  });

  router.delete('/boards/:id/webhooks/:hookId', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    const hook = await requireHook(store, boardId, req);
    await store.deleteWebhook(boardId, hook.id);
    res.status(204).end();
  });

  router.get('/boards/:id/webhooks/:hookId/deliveries', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    const hook = await requireHook(store, boardId, req);
    res.json({ deliveries: (await store.listDeliveries(hook.id, DELIVERIES_SHOWN)).map(deliveryView) });
  });

  return router;
}
