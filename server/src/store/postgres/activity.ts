/** The activity table on PostgreSQL: rows written in the log's transaction, pages read newest first. */
import type { ActivityEvent } from '../../../../shared/src/events';
import type { ActivityQuery } from '../Store';
import { toActivity, type ActivityRow } from '../sqlite/rows';
import type { PgDatabase, Queryable } from './database';
import { enqueueForEvents } from './webhooks';

/** listActivity never returns more than this many events per page. */
const MAX_ACTIVITY_PAGE = 500;

/**
 * Inserts activity rows in the caller's transaction, in the given order, and queues their
 * webhook deliveries in that same transaction (`now` is their due time).
 */
export async function insertActivity(client: Queryable, events: ActivityEvent[], now: string): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO activity (id, board_id, at, actor_id, actor_name, type, deal_id, summary, data)
     SELECT t.id, t.board_id, t.at, t.actor_id, t.actor_name, t.type, t.deal_id, t.summary, t.data
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       WITH ORDINALITY AS t(id, board_id, at, actor_id, actor_name, type, deal_id, summary, data, ord)
     ORDER BY t.ord`,
    [
      events.map((e) => e.id),
      events.map((e) => e.boardId),
      events.map((e) => e.at),
      events.map((e) => e.actor.id),
      events.map((e) => e.actor.name),
      events.map((e) => e.type),
      events.map((e) => e.dealId ?? null),
      events.map((e) => e.summary),
      events.map((e) => JSON.stringify(e.data ?? {})),
    ],
  );
  await enqueueForEvents(client, events, now);
}

export async function listActivity(db: PgDatabase, boardId: string, query: ActivityQuery): Promise<ActivityEvent[]> {
  const limit = Math.min(MAX_ACTIVITY_PAGE, Math.max(1, Math.floor(query.limit) || 1));
  const params: unknown[] = [boardId, limit];
  const where = ['board_id = $1'];
  if (query.dealId !== undefined) {
    params.push(query.dealId);
    where.push(`deal_id = $${params.length}`);
  }
  if (query.before !== undefined) {
    const cursor = await db.one<{ at: string; seq: number }>('SELECT at, seq FROM activity WHERE id = $1 AND board_id = $2', [query.before, boardId]);
    if (!cursor) return [];
    params.push(cursor.at, cursor.seq);
    where.push(`(at < $${params.length - 1} OR (at = $${params.length - 1} AND seq < $${params.length}))`);
  }
  const rows = await db.rows<ActivityRow>(
    `SELECT id, board_id, at, actor_id, actor_name, type, deal_id, summary, data FROM activity
     WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT $2`,
    params,
  );
  return rows.map(toActivity);
}
