/**
 * Watches and the notification inbox on PostgreSQL (migration 006); PostgresStore delegates
 * here. Same rules as the SQLite side: listing joins memberships, so losing access to a board
 * hides its notifications and watches at once.
 */
import type { Notification, Watch } from '../../../../shared/src/notifications';
import type { NewNotification, NotificationQuery } from '../Store';
import { BOARD_WIDE, MAX_NOTIFICATION_PAGE, NOTIFICATION_COLS, toNotification, type NotificationRow } from '../sqlite/SqliteNotifications';
import type { PgDatabase } from './database';

type WatchChoice = { userId: string; dealId: string | null; watching: boolean };

export class PgNotifications {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => string,
  ) {}

  async setWatch(userId: string, boardId: string, dealId: string | null, watching: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO watches (user_id, board_id, deal_id, watching, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, board_id, deal_id) DO UPDATE SET watching = excluded.watching, updated_at = excluded.updated_at`,
      [userId, boardId, dealId ?? BOARD_WIDE, watching, this.now()],
    );
  }

  async watchUnlessChosen(userId: string, boardId: string, dealId: string): Promise<boolean> {
    const result = await this.db.query(
      `INSERT INTO watches (user_id, board_id, deal_id, watching, updated_at) VALUES ($1, $2, $3, true, $4)
       ON CONFLICT (user_id, board_id, deal_id) DO NOTHING`,
      [userId, boardId, dealId, this.now()],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listWatches(userId: string): Promise<Watch[]> {
    const rows = await this.db.rows<{ board_id: string; deal_id: string; watching: boolean }>(
      `SELECT w.board_id, w.deal_id, w.watching FROM watches w
       JOIN memberships m ON m.board_id = w.board_id AND m.user_id = w.user_id
       WHERE w.user_id = $1 ORDER BY w.board_id, w.deal_id`,
      [userId],
    );
    return rows.map((r) => ({ boardId: r.board_id, dealId: r.deal_id === BOARD_WIDE ? null : r.deal_id, watching: r.watching }));
  }

  async listWatchChoices(boardId: string, dealId: string): Promise<WatchChoice[]> {
    const rows = await this.db.rows<{ user_id: string; deal_id: string; watching: boolean }>(
      `SELECT w.user_id, w.deal_id, w.watching FROM watches w
       JOIN memberships m ON m.board_id = w.board_id AND m.user_id = w.user_id
       WHERE w.board_id = $1 AND w.deal_id IN ($2, $3)`,
      [boardId, dealId, BOARD_WIDE],
    );
    return rows.map((r) => ({ userId: r.user_id, dealId: r.deal_id === BOARD_WIDE ? null : r.deal_id, watching: r.watching }));
  }

  async addNotifications(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.db.query(
      `INSERT INTO notifications (id, user_id, board_id, deal_id, kind, actor_id, actor_name, at, summary, excerpt)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       ON CONFLICT (id) DO NOTHING`,
      [
        notifications.map((n) => n.id),
        notifications.map((n) => n.userId),
        notifications.map((n) => n.boardId),
        notifications.map((n) => n.dealId ?? null),
        notifications.map((n) => n.kind),
        notifications.map((n) => n.actor.id),
        notifications.map((n) => n.actor.name),
        notifications.map((n) => n.at),
        notifications.map((n) => n.summary),
        notifications.map((n) => n.excerpt ?? null),
      ],
    );
  }

  async listNotifications(userId: string, query: NotificationQuery): Promise<Notification[]> {
    const limit = Math.min(MAX_NOTIFICATION_PAGE, Math.max(1, Math.floor(query.limit) || 1));
    const params: unknown[] = [userId, limit];
    const where = ['n.user_id = $1'];
    if (query.unreadOnly) where.push('n.read_at IS NULL');
    if (query.before !== undefined) {
      params.push(query.before);
      where.push(`n.seq < (SELECT seq FROM notifications WHERE id = $${params.length} AND user_id = $1)`);
    }
    const rows = await this.db.rows<NotificationRow>(
      `SELECT ${NOTIFICATION_COLS} FROM notifications n
       JOIN memberships m ON m.board_id = n.board_id AND m.user_id = n.user_id
       JOIN boards b ON b.id = n.board_id
       WHERE ${where.join(' AND ')} ORDER BY n.seq DESC LIMIT $2`,
      params,
    );
    return rows.map(toNotification);
  }

  async countUnread(userId: string): Promise<number> {
    const row = await this.db.one<{ n: string }>(
      `SELECT count(*) AS n FROM notifications n
       JOIN memberships m ON m.board_id = n.board_id AND m.user_id = n.user_id
       WHERE n.user_id = $1 AND n.read_at IS NULL`,
      [userId],
    );
    return Number(row?.n ?? 0);
  }

  async markRead(userId: string, ids: string[] | 'all', at: string): Promise<string[]> {
    if (ids !== 'all' && ids.length === 0) return [];
    const rows =
      ids === 'all'
        ? await this.db.rows<{ id: string }>('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id', [userId, at])
        : await this.db.rows<{ id: string }>(
            'UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND id = ANY($3::text[]) RETURNING id',
            [userId, at, ids],
          );
    return rows.map((row) => row.id);
  }

  async getSettings(userId: string): Promise<unknown> {
    const row = await this.db.one<{ settings: string | null }>('SELECT settings FROM notification_prefs WHERE user_id = $1', [userId]);
    return row?.settings ? (JSON.parse(row.settings) as unknown) : null;
  }

  async saveSettings(userId: string, settings: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_prefs (user_id, settings) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings`,
      [userId, JSON.stringify(settings)],
    );
  }

  async touchSeen(userId: string, at: string): Promise<string | null> {
    // The old value comes from the row as it was before this statement (a self-join on the CTE).
    const row = await this.db.one<{ previous: string | null }>(
      `WITH previous AS (SELECT seen_at FROM notification_prefs WHERE user_id = $1),
       upsert AS (
         INSERT INTO notification_prefs (user_id, seen_at) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at
       )
       SELECT (SELECT seen_at FROM previous) AS previous`,
      [userId, at],
    );
    return row?.previous ?? null;
  }
}
