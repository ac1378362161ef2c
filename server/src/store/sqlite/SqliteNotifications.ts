/**
 * The SQLite side of watches and the notification inbox (migration 006). SqliteStore
 * delegates to it. Listing joins memberships, so a person who lost access to a board no
 * longer sees that board's notifications or watches (nothing needs deleting at removal).
 */
import type Database from 'better-sqlite3';
import { NOTIFICATION_KINDS, type Notification, type NotificationKind, type Watch } from '../../../../shared/src/notifications';
import type { NewNotification, NotificationQuery } from '../Store';

/** listNotifications never returns more than this many per page. */
export const MAX_NOTIFICATION_PAGE = 200;
/** The board-wide watch is kept under this deal id. */
export const BOARD_WIDE = '';

export interface NotificationRow {
  id: string;
  board_id: string;
  board_name: string;
  deal_id: string | null;
  kind: string;
  actor_id: string;
  actor_name: string;
  at: string;
  summary: string;
  excerpt: string | null;
  read_at: string | null;
}

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    boardId: row.board_id,
    boardName: row.board_name,
    ...(row.deal_id ? { dealId: row.deal_id } : {}),
    kind: (NOTIFICATION_KINDS as readonly string[]).includes(row.kind) ? (row.kind as NotificationKind) : 'comment',
    actor: { id: row.actor_id, name: row.actor_name },
    at: row.at,
    read: row.read_at !== null,
    summary: row.summary,
    ...(row.excerpt !== null ? { excerpt: row.excerpt } : {}),
  };
}

export const NOTIFICATION_COLS = 'n.id, n.board_id, b.name AS board_name, n.deal_id, n.kind, n.actor_id, n.actor_name, n.at, n.summary, n.excerpt, n.read_at';

export class SqliteNotifications {
  constructor(private readonly db: Database.Database) {}

  setWatch(userId: string, boardId: string, dealId: string | null, watching: boolean, at: string): void {
    this.db
      .prepare(
        `INSERT INTO watches (user_id, board_id, deal_id, watching, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, board_id, deal_id) DO UPDATE SET watching = excluded.watching, updated_at = excluded.updated_at`,
      )
      .run(userId, boardId, dealId ?? BOARD_WIDE, watching ? 1 : 0, at);
  }

  watchUnlessChosen(userId: string, boardId: string, dealId: string, at: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO watches (user_id, board_id, deal_id, watching, updated_at) VALUES (?, ?, ?, 1, ?)')
        .run(userId, boardId, dealId, at).changes > 0
    );
  }

  listWatches(userId: string): Watch[] {
    const rows = this.db
      .prepare(
        `SELECT w.board_id, w.deal_id, w.watching FROM watches w
         JOIN memberships m ON m.board_id = w.board_id AND m.user_id = w.user_id
         WHERE w.user_id = ? ORDER BY w.board_id, w.deal_id`,
      )
      .all(userId) as { board_id: string; deal_id: string; watching: number }[];
    return rows.map((r) => ({ boardId: r.board_id, dealId: r.deal_id === BOARD_WIDE ? null : r.deal_id, watching: r.watching === 1 }));
  }

  listWatchChoices(boardId: string, dealId: string): Array<{ userId: string; dealId: string | null; watching: boolean }> {
    const rows = this.db
      .prepare(
        `SELECT w.user_id, w.deal_id, w.watching FROM watches w
         JOIN memberships m ON m.board_id = w.board_id AND m.user_id = w.user_id
         WHERE w.board_id = ? AND w.deal_id IN (?, ?)`,
      )
      .all(boardId, dealId, BOARD_WIDE) as { user_id: string; deal_id: string; watching: number }[];
    return rows.map((r) => ({ userId: r.user_id, dealId: r.deal_id === BOARD_WIDE ? null : r.deal_id, watching: r.watching === 1 }));
  }

  addNotifications(notifications: NewNotification[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO notifications (id, user_id, board_id, deal_id, kind, actor_id, actor_name, at, summary, excerpt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const n of notifications) {
        insert.run(n.id, n.userId, n.boardId, n.dealId ?? null, n.kind, n.actor.id, n.actor.name, n.at, n.summary, n.excerpt ?? null);
      }
    })();
  }

  listNotifications(userId: string, query: NotificationQuery): Notification[] {
    const limit = Math.min(MAX_NOTIFICATION_PAGE, Math.max(1, Math.floor(query.limit) || 1));
    const where = ['n.user_id = ?'];
    const params: unknown[] = [userId];
    if (query.unreadOnly) where.push('n.read_at IS NULL');
    if (query.before !== undefined) {
      where.push('n.seq < (SELECT seq FROM notifications WHERE id = ? AND user_id = ?)');
      params.push(query.before, userId);
    }
    params.push(limit);
    const rows = this.db
      .prepare(
        `SELECT ${NOTIFICATION_COLS} FROM notifications n
         JOIN memberships m ON m.board_id = n.board_id AND m.user_id = n.user_id
         JOIN boards b ON b.id = n.board_id
         WHERE ${where.join(' AND ')} ORDER BY n.seq DESC LIMIT ?`,
      )
      .all(...params) as NotificationRow[];
    return rows.map(toNotification);
  }

  countUnread(userId: string): number {
    const row = this.db
      .prepare(
        `SELECT count(*) AS n FROM notifications n
         JOIN memberships m ON m.board_id = n.board_id AND m.user_id = n.user_id
         WHERE n.user_id = ? AND n.read_at IS NULL`,
      )
      .get(userId) as { n: number };
    return row.n;
  }

  markRead(userId: string, ids: string[] | 'all', at: string): string[] {
    return this.db.transaction(() => {
      const unread =
        ids === 'all'
          ? (this.db.prepare('SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL').all(userId) as { id: string }[])
          : ids.length === 0
            ? []
            : (this.db
                .prepare(`SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`)
                .all(userId, ...ids) as { id: string }[]);
      const mark = this.db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ?');
      for (const row of unread) mark.run(at, row.id, userId);
      return unread.map((row) => row.id);
    })();
  }

  getSettings(userId: string): unknown {
    const row = this.db.prepare('SELECT settings FROM notification_prefs WHERE user_id = ?').get(userId) as { settings: string | null } | undefined;
    return row?.settings ? (JSON.parse(row.settings) as unknown) : null;
  }

  saveSettings(userId: string, settings: unknown): void {
    this.db
      .prepare(
        `INSERT INTO notification_prefs (user_id, settings) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings`,
      )
      .run(userId, JSON.stringify(settings));
  }

  touchSeen(userId: string, at: string): string | null {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT seen_at FROM notification_prefs WHERE user_id = ?').get(userId) as { seen_at: string | null } | undefined;
      this.db
        .prepare(`INSERT INTO notification_prefs (user_id, seen_at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at`)
        .run(userId, at);
      return row?.seen_at ?? null;
    })();
  }
}
