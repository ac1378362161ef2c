/**
 * The SQLite side of webhooks, their deliveries and idempotency keys (migration 002).
 * SqliteStore delegates to it, so the store file stays about documents and members.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ActivityEvent } from '../../../../shared/src/events';
import type { DeliveryRecord, DeliveryStatus, IdempotentAnswer, NewDelivery, WebhookRecord } from '../Store';

const DAY_MS = 24 * 60 * 60 * 1_000;
/** Finished deliveries kept per webhook (the deliveries route shows the last 100). */
export const KEPT_FINISHED = 200;

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

const DELIVERY_COLS = 'id, webhook_id, event_id, event_type, payload, status, attempts, status_code, last_error, next_attempt_at, created_at';

export class SqliteWebhooks {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
  ) {}

  getIdempotentAnswer(boardId: string, userId: string, key: string): IdempotentAnswer | null {
    const since = new Date(Date.parse(this.now()) - DAY_MS).toISOString();
    const row = this.db
      .prepare('SELECT status, body FROM idempotency_keys WHERE board_id = ? AND user_id = ? AND key = ? AND created_at > ?')
      .get(boardId, userId, key, since) as IdempotentAnswer | undefined;
    return row ?? null;
  }

  saveIdempotentAnswer(input: { boardId: string; userId: string; key: string; status: number; body: string }): void {
    const now = this.now();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?').run(new Date(Date.parse(now) - DAY_MS).toISOString());
      this.db
        .prepare('INSERT OR REPLACE INTO idempotency_keys (board_id, user_id, key, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.boardId, input.userId, input.key, input.status, input.body, now);
    })();
  }

  createWebhook(input: Omit<WebhookRecord, 'createdAt' | 'disabledAt' | 'consecutiveFailures'>): WebhookRecord {
    const record: WebhookRecord = { ...input, createdAt: this.now(), disabledAt: null, consecutiveFailures: 0 };
    this.db
      .prepare('INSERT INTO webhooks (id, board_id, url, events, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(record.id, record.boardId, record.url, JSON.stringify(record.events), record.secret, record.createdBy, record.createdAt);
    return record;
  }

  listWebhooks(boardId: string): WebhookRecord[] {
    const rows = this.db.prepare('SELECT * FROM webhooks WHERE board_id = ? ORDER BY created_at, id').all(boardId) as WebhookRow[];
    return rows.map(toWebhook);
  }

  getWebhook(boardId: string, id: string): WebhookRecord | null {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE board_id = ? AND id = ?').get(boardId, id) as WebhookRow | undefined;
    return row ? toWebhook(row) : null;
  }

  deleteWebhook(boardId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM webhooks WHERE board_id = ? AND id = ?').run(boardId, id).changes > 0;
  }

  updateWebhook(id: string, patch: { events?: string[]; disabledAt?: string | null; consecutiveFailures?: number }): void {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id };
    if (patch.events !== undefined) {
      sets.push('events = @events');
      params.events = JSON.stringify(patch.events);
    }
    if (patch.disabledAt !== undefined) {
      sets.push('disabled_at = @disabledAt');
      params.disabledAt = patch.disabledAt;
    }
    if (patch.consecutiveFailures !== undefined) {
      sets.push('consecutive_failures = @failures');
      params.failures = patch.consecutiveFailures;
    }
    if (sets.length === 0) return;
    this.db.transaction(() => {
      this.db.prepare(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = @id`).run(params);
      if (patch.disabledAt === null) {
        this.db.prepare(`UPDATE webhook_deliveries SET next_attempt_at = ? WHERE webhook_id = ? AND status = 'pending'`).run(this.now(), id);
      }
    })();
  }

  /**
   * Queues a delivery of each event to every enabled webhook of its board that subscribes
   * to its type. Runs inside the transaction that commits the events, so an event that is
   * committed is also queued (at least once, even across a crash).
   */
  enqueueForEvents(events: ActivityEvent[]): void {
    const byBoard = new Map<string, WebhookRecord[]>();
    const deliveries: NewDelivery[] = [];
    for (const event of events) {
      let hooks = byBoard.get(event.boardId);
      if (!hooks) {
        hooks = this.listWebhooks(event.boardId).filter((hook) => hook.disabledAt === null);
        byBoard.set(event.boardId, hooks);
      }
      for (const hook of hooks) {
        if (!hook.events.includes('*') && !hook.events.includes(event.type)) continue;
        deliveries.push({ id: randomUUID(), webhookId: hook.id, eventId: event.id, eventType: event.type, payload: JSON.stringify(event) });
      }
    }
    this.enqueueDeliveries(deliveries);
  }

  enqueueDeliveries(deliveries: NewDelivery[]): void {
    if (deliveries.length === 0) return;
    const now = this.now();
    const insert = this.db.prepare(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    this.db.transaction(() => {
      for (const d of deliveries) insert.run(d.id, d.webhookId, d.eventId, d.eventType, d.payload, now, now);
    })();
  }

  listDeliveries(webhookId: string, limit: number): DeliveryRecord[] {
    const rows = this.db
      .prepare(`SELECT ${DELIVERY_COLS} FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?`)
      .all(webhookId, limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  headDeliveries(): Array<{ delivery: DeliveryRecord; webhook: WebhookRecord }> {
    const rows = this.db
      .prepare(
        `SELECT ${DELIVERY_COLS} FROM webhook_deliveries d
         WHERE d.seq IN (
           SELECT MIN(p.seq) FROM webhook_deliveries p JOIN webhooks w ON w.id = p.webhook_id
           WHERE p.status = 'pending' AND w.disabled_at IS NULL GROUP BY p.webhook_id
         ) ORDER BY d.seq`,
      )
      .all() as DeliveryRow[];
    const hook = this.db.prepare('SELECT * FROM webhooks WHERE id = ?');
    return rows.map((row) => ({ delivery: toDelivery(row), webhook: toWebhook(hook.get(row.webhook_id) as WebhookRow) }));
  }

  recordDeliveryAttempt(
    id: string,
    result: { status: DeliveryStatus; statusCode: number | null; lastError: string | null; nextAttemptAt: string | null },
  ): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, status_code = ?, last_error = ?, next_attempt_at = ?
         WHERE id = ?`,
      )
      .run(result.status, result.statusCode, result.lastError, result.nextAttemptAt, id);
    if (result.status !== 'pending') this.pruneFinished(id);
  }

  /** Keeps the newest KEPT_FINISHED finished deliveries of the webhook; older ones are forgotten. */
  private pruneFinished(deliveryId: string): void {
    this.db
      .prepare(
        `DELETE FROM webhook_deliveries WHERE status != 'pending'
           AND webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE id = @id)
           AND seq < (SELECT seq FROM webhook_deliveries WHERE status != 'pending'
                        AND webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE id = @id)
                        ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
      )
      .run({ id: deliveryId, keep: KEPT_FINISHED - 1 });
  }
}
