/**
 * Webhooks, their deliveries and idempotency keys on PostgreSQL (migration 004): the same
 * behaviour as sqlite/SqliteWebhooks.ts. PostgresStore delegates to it, so the store file
 * stays about documents and members.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityEvent } from '../../../../shared/src/events';
import type { DeliveryRecord, DeliveryStatus, IdempotentAnswer, NewDelivery, WebhookRecord } from '../Store';
import { KEPT_FINISHED } from '../sqlite/SqliteWebhooks';
import type { PgDatabase, Queryable } from './database';

const DAY_MS = 24 * 60 * 60 * 1_000;

interface WebhookRow {
  id: string;
  board_id: string;
  url: string;
  events: string;
  secret: string;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
  consecutive_failures: number;
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    boardId: row.board_id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    secret: row.secret,
    createdBy: row.created_by,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    consecutiveFailures: row.consecutive_failures,
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    statusCode: row.status_code,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}

const WEBHOOK_COLS = 'id, board_id, url, events, secret, created_by, created_at, disabled_at, consecutive_failures';
const DELIVERY_COLS = 'id, webhook_id, event_id, event_type, payload, status, attempts, status_code, last_error, next_attempt_at, created_at';

/** Inserts pending deliveries, due now, in the caller's transaction; seq follows the given order. */
async function insertDeliveries(client: Queryable, deliveries: NewDelivery[], now: string): Promise<void> {
  if (deliveries.length === 0) return;
  await client.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at)
     SELECT t.id, t.webhook_id, t.event_id, t.event_type, t.payload, 'pending', $6, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       WITH ORDINALITY AS t(id, webhook_id, event_id, event_type, payload, ord)
     ORDER BY t.ord`,
    [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.webhookId),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.eventType),
      deliveries.map((d) => d.payload),
      now,
    ],
  );
}

/**
 * Queues a delivery of each event to every enabled webhook of its board that subscribes
 * to its type. Runs inside the transaction that commits the events, so an event that is
 * committed is also queued (at least once, even across a crash).
 */
export async function enqueueForEvents(client: Queryable, events: ActivityEvent[], now: string): Promise<void> {
  if (events.length === 0) return;
  const boardIds = [...new Set(events.map((e) => e.boardId))];
  const hooks = await client.query<WebhookRow>(
    `SELECT ${WEBHOOK_COLS} FROM webhooks WHERE board_id = ANY($1::text[]) AND disabled_at IS NULL ORDER BY created_at, id`,
    [boardIds],
  );
  if (hooks.rows.length === 0) return;
  const byBoard = new Map<string, WebhookRecord[]>();
  for (const hook of hooks.rows.map(toWebhook)) byBoard.set(hook.boardId, [...(byBoard.get(hook.boardId) ?? []), hook]);
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    for (const hook of byBoard.get(event.boardId) ?? []) {
      if (!hook.events.includes('*') && !hook.events.includes(event.type)) continue;
      deliveries.push({ id: randomUUID(), webhookId: hook.id, eventId: event.id, eventType: event.type, payload: JSON.stringify(event) });
    }
  }
  await insertDeliveries(client, deliveries, now);
}

export class PgWebhooks {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => string,
  ) {}

  async getIdempotentAnswer(boardId: string, userId: string, key: string): Promise<IdempotentAnswer | null> {
    const since = new Date(Date.parse(this.now()) - DAY_MS).toISOString();
    return this.db.one<IdempotentAnswer>('SELECT status, body FROM idempotency_keys WHERE board_id = $1 AND user_id = $2 AND key = $3 AND created_at > $4', [
      boardId,
      userId,
      key,
      since,
    ]);
  }

  async saveIdempotentAnswer(input: { boardId: string; userId: string; key: string; status: number; body: string }): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM idempotency_keys WHERE created_at <= $1', [new Date(Date.parse(now) - DAY_MS).toISOString()]);
      await client.query(
        `INSERT INTO idempotency_keys (board_id, user_id, key, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (board_id, user_id, key) DO UPDATE SET status = excluded.status, body = excluded.body, created_at = excluded.created_at`,
        [input.boardId, input.userId, input.key, input.status, input.body, now],
      );
    });
  }

  async createWebhook(input: Omit<WebhookRecord, 'createdAt' | 'disabledAt' | 'consecutiveFailures'>): Promise<WebhookRecord> {
    const record: WebhookRecord = { ...input, createdAt: this.now(), disabledAt: null, consecutiveFailures: 0 };
    await this.db.query('INSERT INTO webhooks (id, board_id, url, events, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      record.id,
      record.boardId,
      record.url,
      JSON.stringify(record.events),
      record.secret,
      record.createdBy,
      record.createdAt,
    ]);
    return record;
  }

  async listWebhooks(boardId: string): Promise<WebhookRecord[]> {
    const rows = await this.db.rows<WebhookRow>(`SELECT ${WEBHOOK_COLS} FROM webhooks WHERE board_id = $1 ORDER BY created_at, id`, [boardId]);
    return rows.map(toWebhook);
  }

  async getWebhook(boardId: string, id: string): Promise<WebhookRecord | null> {
    const row = await this.db.one<WebhookRow>(`SELECT ${WEBHOOK_COLS} FROM webhooks WHERE board_id = $1 AND id = $2`, [boardId, id]);
    return row ? toWebhook(row) : null;
  }

  async deleteWebhook(boardId: string, id: string): Promise<boolean> {
    const result = await this.db.query('DELETE FROM webhooks WHERE board_id = $1 AND id = $2', [boardId, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async updateWebhook(id: string, patch: { events?: string[]; disabledAt?: string | null; consecutiveFailures?: number }): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    if (patch.events !== undefined) {
      params.push(JSON.stringify(patch.events));
      sets.push(`events = $${params.length}`);
    }
    if (patch.disabledAt !== undefined) {
      params.push(patch.disabledAt);
      sets.push(`disabled_at = $${params.length}`);
    }
    if (patch.consecutiveFailures !== undefined) {
      params.push(patch.consecutiveFailures);
      sets.push(`consecutive_failures = $${params.length}`);
    }
    if (sets.length === 0) return;
    await this.db.transaction(async (client) => {
      await client.query(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = $1`, params);
      if (patch.disabledAt === null) {
        // Re-enabled: what waited while it was off is due now.
        await client.query(`UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE webhook_id = $2 AND status = 'pending'`, [this.now(), id]);
      }
    });
  }

  async enqueueDeliveries(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.transaction((client) => insertDeliveries(client, deliveries, this.now()));
  }

  async listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.rows<DeliveryRow>(`SELECT ${DELIVERY_COLS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT $2`, [
      webhookId,
      limit,
    ]);
    return rows.map(toDelivery);
  }

  async headDeliveries(): Promise<Array<{ delivery: DeliveryRecord; webhook: WebhookRecord }>> {
    const rows = await this.db.rows<DeliveryRow>(
      `SELECT ${DELIVERY_COLS} FROM webhook_deliveries d
       WHERE d.seq IN (
         SELECT MIN(p.seq) FROM webhook_deliveries p JOIN webhooks w ON w.id = p.webhook_id
         WHERE p.status = 'pending' AND w.disabled_at IS NULL GROUP BY p.webhook_id
       ) ORDER BY d.seq`,
      [],
    );
    if (rows.length === 0) return [];
    const hooks = await this.db.rows<WebhookRow>(`SELECT ${WEBHOOK_COLS} FROM webhooks WHERE id = ANY($1::text[])`, [rows.map((row) => row.webhook_id)]);
    const byId = new Map(hooks.map((row) => [row.id, toWebhook(row)]));
    // A webhook deleted between the two reads takes its deliveries with it: leave them out.
    return rows.flatMap((row) => {
      const webhook = byId.get(row.webhook_id);
      return webhook ? [{ delivery: toDelivery(row), webhook }] : [];
    });
  }

  async recordDeliveryAttempt(
    id: string,
    result: { status: DeliveryStatus; statusCode: number | null; lastError: string | null; nextAttemptAt: string | null },
  ): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1, status_code = $2, last_error = $3, next_attempt_at = $4
         WHERE id = $5`,
        [result.status, result.statusCode, result.lastError, result.nextAttemptAt, id],
      );
      if (result.status !== 'pending') await pruneFinished(client, id);
    });
  }
}

/** Keeps the newest KEPT_FINISHED finished deliveries of the webhook; older ones are forgotten. */
async function pruneFinished(client: Queryable, deliveryId: string): Promise<void> {
  await client.query(
    `DELETE FROM webhook_deliveries WHERE status <> 'pending'
       AND webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $1)
       AND seq < (SELECT seq FROM webhook_deliveries WHERE status <> 'pending'
                    AND webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $1)
                    ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
    [deliveryId, KEPT_FINISHED - 1],
  );
}
