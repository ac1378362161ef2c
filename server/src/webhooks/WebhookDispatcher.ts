/**
 * Delivers activity to webhooks: at least once, in order per webhook (so per board), after
 * the commit that produced the event. The store queues the deliveries in the very
 * transaction that commits the events (Store.appendUpdates / addActivity), so nothing
 * committed is missed, and a restart picks up where the last process stopped. One delivery per webhook is
 * in flight at a time (the next waits for the one before it); a failure (non-2xx, network
 * error, timeout) is retried with exponential backoff for `webhookRetryForMs`, then given
 * up; `webhookMaxFailures` failures in a row disable the webhook until an owner
 * re-enables it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Config } from '../config';
import type { DeliveryRecord, Store, WebhookRecord } from '../store/Store';
import { log } from '../log';
import { guardedLookup } from './addressGuard';
import { signatureHeader } from './signature';

export type DispatcherConfig = Pick<
  Config,
  'webhookAllowHosts' | 'webhookTimeoutMs' | 'webhookRetryBaseMs' | 'webhookMaxDelayMs' | 'webhookRetryForMs' | 'webhookMaxFailures'
>;

/** How long to wait before attempt `attempts + 1`. */
export function backoffMs(attempts: number, config: Pick<DispatcherConfig, 'webhookRetryBaseMs' | 'webhookMaxDelayMs'>): number {
  return Math.min(config.webhookMaxDelayMs, config.webhookRetryBaseMs * 2 ** Math.max(0, attempts - 1));
}

interface Outcome {
  statusCode: number | null;
  error: string | null;
}

export class WebhookDispatcher {
  private running = false;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private idle: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(
    private readonly store: Store,
    private readonly config: DispatcherConfig,
  ) {}

  /** Looks for due deliveries now (after a restart, a re-enable, new events). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = this.drain()
      .catch((error: Error) => log.error('webhooks', 'delivery loop failed', { error: error.message }))
      .finally(() => {
        this.running = false;
      });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const heads = await this.store.headDeliveries();
      const now = Date.now();
      const due = heads.filter(({ delivery }) => delivery.nextAttemptAt === null || Date.parse(delivery.nextAttemptAt) <= now);
      await Promise.all(due.map(({ delivery, webhook }) => this.attempt(delivery, webhook)));
      if (due.length > 0) this.again = true;
      else this.schedule(heads.map(({ delivery }) => Date.parse(delivery.nextAttemptAt ?? '')).filter(Number.isFinite));
    } while (this.again && !this.closed);
  }

  private schedule(times: number[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (times.length === 0 || this.closed) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, Math.min(...times) - Date.now()));
    this.timer.unref();
  }

  private async attempt(delivery: DeliveryRecord, webhook: WebhookRecord): Promise<void> {
    const outcome = await this.send(delivery, webhook);
    if (this.closed) return;
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    if (ok) {
      await this.store.recordDeliveryAttempt(delivery.id, { status: 'delivered', statusCode: outcome.statusCode, lastError: null, nextAttemptAt: null });
      if (webhook.consecutiveFailures > 0) await this.store.updateWebhook(webhook.id, { consecutiveFailures: 0 });
      return;
    }
    const attempts = delivery.attempts + 1;
    const failures = webhook.consecutiveFailures + 1;
    const expired = Date.now() - Date.parse(delivery.createdAt) >= this.config.webhookRetryForMs;
    const error = outcome.error ?? `HTTP ${outcome.statusCode}`;
    await this.store.recordDeliveryAttempt(delivery.id, {
      status: expired ? 'failed' : 'pending',
      statusCode: outcome.statusCode,
      lastError: error,
      nextAttemptAt: expired ? null : new Date(Date.now() + backoffMs(attempts, this.config)).toISOString(),
    });
    const disable = failures >= this.config.webhookMaxFailures;
    await this.store.updateWebhook(webhook.id, { consecutiveFailures: failures, ...(disable ? { disabledAt: new Date().toISOString() } : {}) });
    if (disable) log.warn('webhooks', 'disabled a webhook after failures in a row', { webhookId: webhook.id, boardId: webhook.boardId, failures });
  }

  /** One POST; never throws. */
  private send(delivery: DeliveryRecord, webhook: WebhookRecord): Promise<Outcome> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(webhook.url);
      } catch {
        resolve({ statusCode: null, error: 'bad url' });
        return;
      }
      const body = delivery.payload;
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        lookup: guardedLookup(this.config.webhookAllowHosts),
        timeout: this.config.webhookTimeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Tranche-Webhooks/1',
          'Tranche-Event': delivery.eventType,
          'Tranche-Delivery': delivery.id,
          'Tranche-Signature': signatureHeader(webhook.secret, body, Math.floor(Date.now() / 1000)),
        },
      });
      this.inFlight.add(request);
      const done = (outcome: Outcome) => {
        this.inFlight.delete(request);
        resolve(outcome);
      };
      request.on('response', (response) => {
        response.resume(); // the body is not ours to read
        response.on('end', () => done({ statusCode: response.statusCode ?? null, error: null }));
        response.on('error', () => done({ statusCode: response.statusCode ?? null, error: null }));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.config.webhookTimeoutMs} ms`)));
      request.on('error', (error) => done({ statusCode: null, error: error.message }));
      request.end(body);
    });
  }

  /** Stops sending; pending deliveries stay in the store for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const request of this.inFlight) request.destroy(new Error('server shutting down'));
    await this.idle;
  }
}
