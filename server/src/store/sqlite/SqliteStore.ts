/**
 * The default Store: one SQLite file (`tranche.db` in DATA_DIR) through better-sqlite3.
 * WAL journal, synchronous=FULL (a committed update survives a power cut), foreign keys
 * on (deleting a board removes its members, log, snapshots and activity).
 *
 * better-sqlite3 is synchronous; the methods are async only to match the Store shape.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { ActivityEvent } from '../../../../shared/src/events';
import { isRole, type Role } from '../../../../shared/src/roles';
import { SnapshotThinningError, StoreError } from '../errors';
import { advanceStateVector, stateVectorOf } from '../stateVector';
import { logTimes } from '../commitTimes';
import type {
  ActivityQuery,
  ApiTokenRecord,
  AttemptCount,
  BoardHead,
  BoardRecord,
  BoardSummary,
  DeliveryRecord,
  DeliveryStatus,
  DocClientRecord,
  IdempotentAnswer,
  InvitationRecord,
  LoadedDocument,
  MemberRecord,
  NewDelivery,
  NewNotification,
  NewUpdate,
  NotificationQuery,
  SessionRecord,
  Store,
  StoredUpdate,
  TokenAccess,
  UserRecord,
  WebhookRecord,
  ImportRecord,
} from '../Store';
import { UPDATE_HEAD_BYTES } from '../Store';
import { migrate } from './migrations';
import { listUpdateTimes, loadDocumentAt, writeHistorySnapshot } from './history';
import { compactionDue, dropOneSnapshot, recordLogBytes } from './snapshots';
import { MAX_DROPS_PER_WRITE } from '../snapshotRetention';
import * as imports from './imports';
import type { SnapshotPair } from '../../workers/buildSnapshot';
import { AccountTables } from './accountTables';
import { runWorker } from '../../workers/runWorker';
import type { StoredPartsQuery } from '../../workers/readStoredParts';
import { restrictDataDir, restrictDatabaseFiles } from './fileModes';
import { SqliteWebhooks } from './SqliteWebhooks';
import { SqliteNotifications } from './SqliteNotifications';
import type { Notification, Watch } from '../../../../shared/src/notifications';
import { isConstraint, toActivity, toBoard, toBuffer, toBytes, toRole, toUser, type ActivityRow, type BoardRow, type UpdateRow, type UserRow } from './rows';

export const DB_FILE = 'tranche.db';

/** Stored boards larger than this load through a worker thread (see loadDocument). */
export const WORKER_READ_BYTES = 1024 * 1024;
/** listActivity never returns more than this many events per page. */
export const MAX_ACTIVITY_PAGE = 500;
/** Throttle counters untouched this long are dropped at open. */
const ATTEMPTS_KEPT_MS = 24 * 60 * 60 * 1000;

export interface SqliteStoreOptions {
  dataDir: string;
  busyTimeoutMs?: number;
  /** Clock for created/updated times (tests may fix it). */
  now?: () => string;
}

const USER_COLS = 'u.id, u.email, u.name, u.created_at';

export class SqliteStore implements Store {
  readonly fresh: boolean;
  /** Absolute path of the database file. */
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => string;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly accounts: AccountTables;
  private readonly webhooks: SqliteWebhooks;
  private readonly notifications: SqliteNotifications;

  constructor(options: SqliteStoreOptions) {
    restrictDataDir(options.dataDir);
    this.file = path.join(path.resolve(options.dataDir), DB_FILE);
    this.now = options.now ?? (() => new Date().toISOString());
    this.db = new Database(this.file);
    restrictDatabaseFiles(this.file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
      this.fresh = migrate(this.db, this.now).fresh;
      restrictDatabaseFiles(this.file); // again: WAL and SHM exist now
      this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now());
      this.accounts = new AccountTables(this.db, this.now);
      this.accounts.pruneAttempts(Date.now() - ATTEMPTS_KEPT_MS);
      this.webhooks = new SqliteWebhooks(this.db, this.now);
      this.notifications = new SqliteNotifications(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  // ── Users and credentials ──────────────────────────────────────────────

  async createUser(input: { email: string; name: string; passwordHash: string }): Promise<UserRecord> {
    const user: UserRecord = {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name,
      createdAt: this.now(),
    };
    try {
      this.db
        .prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(user.id, user.email, user.name, input.passwordHash, user.createdAt);
    } catch (err) {
      if (isConstraint(err, 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new StoreError('email_taken', 'That email is already registered');
      }
      throw err;
    }
    return user;
  }

  async findUserByEmail(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    const row = this.db.prepare(`SELECT ${USER_COLS}, u.password_hash FROM users u WHERE u.email = ?`).get(normalizeEmail(email)) as
      (UserRow & { password_hash: string }) | undefined;
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.db.prepare(`SELECT ${USER_COLS} FROM users u WHERE u.id = ?`).get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async createSession(input: { idHash: string; userId: string; expiresAt: string; userAgent?: string }): Promise<void> {
    this.accounts.createSession(input);
  }

  async getSessionUser(idHash: string): Promise<UserRecord | null> {
    const row = this.db.prepare(`SELECT ${USER_COLS}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`).get(idHash) as
      (UserRow & { expires_at: string }) | undefined;
    if (!row) return null;
    if (row.expires_at <= this.now()) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
      return null;
    }
    return toUser(row);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    return this.accounts.listApiTokens(userId);
  }

  async deleteApiToken(userId: string, id: string): Promise<string | null> {
    const row = this.statement('DELETE FROM api_tokens WHERE user_id = ? AND id = ? RETURNING token_hash').get(userId, id) as
      { token_hash: string } | undefined;
    return row?.token_hash ?? null;
  }

  async createApiToken(input: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    access?: TokenAccess;
    boardId?: string | null;
    expiresAt?: string | null;
  }): Promise<void> {
    this.accounts.createApiToken(input);
  }

  async getTokenUser(tokenHash: string): Promise<UserRecord | null> {
    return this.accounts.getApiToken(tokenHash)?.user ?? null;
  }

  // Account hardening (accountTables.ts).
  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    return this.accounts.setPasswordHash(userId, passwordHash);
  }
  async getSession(idHash: string): Promise<{ user: UserRecord; session: SessionRecord } | null> {
    return this.accounts.getSession(idHash);
  }
  async touchSession(idHash: string, at: string): Promise<void> {
    this.accounts.touchSession(idHash, at);
  }
  async listSessions(userId: string): Promise<SessionRecord[]> {
    return this.accounts.listSessions(userId);
  }
  async deleteUserSession(userId: string, id: string): Promise<string | null> {
    return this.accounts.deleteUserSession(userId, id);
  }
  async deleteUserSessions(userId: string, exceptIdHash?: string): Promise<string[]> {
    return this.accounts.deleteUserSessions(userId, exceptIdHash);
  }
  async getApiToken(tokenHash: string): Promise<{ user: UserRecord; token: ApiTokenRecord } | null> {
    return this.accounts.getApiToken(tokenHash);
  }
  async touchApiToken(tokenHash: string, at: string): Promise<void> {
    this.accounts.touchApiToken(tokenHash, at);
  }
  async createInvitation(input: Parameters<AccountTables['createInvitation']>[0]): Promise<InvitationRecord> {
    return this.accounts.createInvitation(input);
  }
  async listBoardInvitations(boardId: string): Promise<InvitationRecord[]> {
    return this.accounts.listBoardInvitations(boardId);
  }
  async listInvitationsForEmail(email: string): Promise<InvitationRecord[]> {
    return this.accounts.listInvitationsForEmail(email);
  }
  async getInvitation(id: string): Promise<InvitationRecord | null> {
    return this.accounts.getInvitation(id);
  }
  async getInvitationByToken(tokenHash: string): Promise<InvitationRecord | null> {
    return this.accounts.getInvitationByToken(tokenHash);
  }
  async deleteInvitation(boardId: string, id: string): Promise<boolean> {
    return this.accounts.deleteInvitation(boardId, id);
  }
  async acceptInvitation(id: string, userId: string): Promise<Role | null> {
    return this.accounts.acceptInvitation(id, userId);
  }
  async getAttempts(key: string): Promise<AttemptCount | null> {
    return this.accounts.getAttempts(key);
  }
  async admitAttempt(keys: { key: string; resetBefore: number }[], at: number, waitFor: (counts: (AttemptCount | null)[]) => number): Promise<number> {
    return this.accounts.admitAttempt(keys, at, waitFor);
  }
  async clearAttempts(key: string): Promise<void> {
    this.accounts.clearAttempts(key);
  }

  // ── Boards and membership ──────────────────────────────────────────────

  async createBoard(input: { id: string; name: string; ownerId: string }): Promise<BoardRecord> {
    const at = this.now();
    this.db
      .transaction(() => {
        this.db.prepare('INSERT INTO boards (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(input.id, input.name, at, at);
        this.db.prepare('INSERT INTO memberships (board_id, user_id, role, created_at) VALUES (?, ?, ?, ?)').run(input.id, input.ownerId, 'owner', at);
      })
      .immediate();
    return { id: input.id, name: input.name, createdAt: at, updatedAt: at };
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = this.db.prepare('SELECT * FROM boards WHERE id = ?').get(id) as BoardRow | undefined;
    return row ? toBoard(row) : null;
  }

  async renameBoard(id: string, name: string): Promise<void> {
    const result = this.db.prepare('UPDATE boards SET name = ?, updated_at = ? WHERE id = ?').run(name, this.now(), id);
    if (result.changes === 0) throw new StoreError('not_found', `No board ${id}`);
  }

  async deleteBoard(id: string): Promise<void> {
    this.db.prepare('DELETE FROM boards WHERE id = ?').run(id);
  }

  async listBoardsForUser(userId: string): Promise<BoardSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT b.*, m.role FROM memberships m JOIN boards b ON b.id = m.board_id
         WHERE m.user_id = ? ORDER BY b.updated_at DESC, b.id`,
      )
      .all(userId) as (BoardRow & { role: string })[];
    return rows.map((row) => ({ ...toBoard(row), role: toRole(row.role) }));
  }

  async getRole(boardId: string, userId: string): Promise<Role | null> {
    const row = this.db.prepare('SELECT role FROM memberships WHERE board_id = ? AND user_id = ?').get(boardId, userId) as { role: string } | undefined;
    return row ? toRole(row.role) : null;
  }

  async setMember(boardId: string, userId: string, role: Role): Promise<void> {
    if (!isRole(role)) throw new TypeError(`Not a role: ${String(role)}`);
    try {
      this.db
        .prepare(
          `INSERT INTO memberships (board_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role`,
        )
        .run(boardId, userId, role, this.now());
    } catch (err) {
      if (isConstraint(err, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
        throw new StoreError('not_found', 'No such board or user');
      }
      throw err;
    }
  }

  async removeMember(boardId: string, userId: string): Promise<void> {
    this.db.prepare('DELETE FROM memberships WHERE board_id = ? AND user_id = ?').run(boardId, userId);
  }

  async listMembers(boardId: string): Promise<MemberRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT ${USER_COLS}, m.role FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.board_id = ? ORDER BY m.created_at, m.rowid`,
      )
      .all(boardId) as (UserRow & { role: string })[];
    return rows.map((row) => ({ user: toUser(row), role: toRole(row.role) }));
  }

  // ── The document log ───────────────────────────────────────────────────

  async appendUpdates(boardId: string, updates: NewUpdate[], activity: ActivityEvent[] = []): Promise<number> {
    const insert = this.statement('INSERT INTO doc_updates (board_id, seq, "update", user_id, at) VALUES (?, ?, ?, ?, ?)');
    const touch = this.statement('UPDATE boards SET updated_at = max(updated_at, ?) WHERE id = ?');
    const bind = this.statement('INSERT OR IGNORE INTO doc_clients (board_id, client_id, user_id) VALUES (?, ?, ?)');
    const saveHead = this.statement(
      `INSERT INTO board_heads (board_id, last_seq, state_vector) VALUES (?, ?, ?)
       ON CONFLICT (board_id) DO UPDATE SET last_seq = excluded.last_seq, state_vector = excluded.state_vector`,
    );
    // One transaction, one fsync, for the batch and its activity (group commit).
    const append = this.db.transaction((): number => {
      this.insertActivity(activity);
      if (updates.length === 0) return this.lastSeq(boardId);
      const head = this.head(boardId);
      const previous = this.statement('SELECT at FROM doc_updates WHERE board_id = ? AND seq = ?').get(boardId, head.lastSeq) as { at: string } | undefined;
      const times = logTimes(
        previous?.at ?? null,
        updates.map((u) => u.at),
      );
      let seq = head.lastSeq;
      for (const [i, u] of updates.entries()) {
        seq += 1;
        insert.run(boardId, seq, toBuffer(u.update), u.userId, times[i]);
        if (u.userId !== null) for (const clientId of u.clientIds ?? []) bind.run(boardId, clientId, u.userId);
      }
      saveHead.run(
        boardId,
        seq,
        toBuffer(
          advanceStateVector(
            head.stateVector,
            updates.map((u) => u.update),
          ),
        ),
      );
      touch.run(times[times.length - 1] ?? this.now(), boardId);
      return seq;
    });
    try {
      return append.immediate();
    } catch (err) {
      if (isConstraint(err, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
        throw new StoreError('not_found', `No board ${boardId}`);
      }
      throw err;
    }
  }

  /**
   * Folds the log up to `uptoSeq` into a snapshot, built from the stored snapshot and log
   * (never a process's memory) in a worker thread that reads them through its own
   * connection, so neither the read nor the merge of a big board stalls the event loop.
   * A snapshot written meanwhile at or past `uptoSeq` wins.
   */
  async compact(boardId: string, uptoSeq: number, options: { whenDue?: boolean } = {}): Promise<void> {
    const due = this.db
      .transaction(() => {
        const last = this.lastSeq(boardId);
        if (!Number.isInteger(uptoSeq) || uptoSeq < 0 || uptoSeq > last) {
          throw new StoreError('conflict', `Snapshot seq ${uptoSeq} is outside the log (last ${last})`);
        }
        return this.latestSnapshotSeq(boardId) < uptoSeq && (!options.whenDue || compactionDue(this.db, boardId, uptoSeq));
      })
      .deferred();
    if (!due) return;
    const { state, history } = await runWorker<SnapshotPair>('snapshotWorker', { file: this.file, boardId, uptoSeq } satisfies StoredPartsQuery);
    const written = this.db
      .transaction(() => {
        if (this.latestSnapshotSeq(boardId) >= uptoSeq) return false;
        this.statement('INSERT INTO doc_snapshots (board_id, upto_seq, state, at, history_state) VALUES (?, ?, ?, ?, ?)').run(
          boardId,
          uptoSeq,
          toBuffer(state),
          this.now(),
          toBuffer(history),
        );
        recordLogBytes(this.db, boardId, uptoSeq);
        return true;
      })
      .immediate();
    if (written) await this.thinSnapshots(boardId, uptoSeq);
  }

  /**
   * Drops the snapshots the retention rule lets go (store/snapshotRetention.ts), at most
   * MAX_DROPS_PER_WRITE, one per transaction with a turn of the event loop between them,
   * once the snapshot at `uptoSeq` is written (a failure here keeps it: SnapshotThinningError).
   */
  private async thinSnapshots(boardId: string, uptoSeq: number): Promise<void> {
    try {
      for (let dropped = 0; dropped < MAX_DROPS_PER_WRITE && this.db.open && dropOneSnapshot(this.db, boardId); dropped++) await setImmediate();
    } catch (err) {
      throw new SnapshotThinningError(boardId, uptoSeq, err);
    }
  }

  /** Bytes a load of the board reads (SQLite's length() of a blob does not read its content). */
  private storedBytes(boardId: string): number {
    const snapshotSeq = this.latestSnapshotSeq(boardId);
    const snapshot = this.statement('SELECT length(state) AS bytes FROM doc_snapshots WHERE board_id = ? AND upto_seq = ?').get(boardId, snapshotSeq) as
      { bytes: number } | undefined;
    const log = this.statement('SELECT COALESCE(SUM(length("update")), 0) AS bytes FROM doc_updates WHERE board_id = ? AND seq > ?').get(
      boardId,
      snapshotSeq,
    ) as {
      bytes: number;
    };
    return (snapshot?.bytes ?? 0) + log.bytes;
  }

  private latestSnapshotSeq(boardId: string): number {
    return (this.statement('SELECT COALESCE(MAX(upto_seq), 0) AS seq FROM doc_snapshots WHERE board_id = ?').get(boardId) as { seq: number }).seq;
  }

  async readHeads(boardIds: readonly string[]): Promise<Map<string, BoardHead>> {
    const heads = new Map<string, BoardHead>();
    if (boardIds.length === 0) return heads;
    const read = this.db.transaction(() => {
      for (const boardId of new Set(boardIds)) {
        if (this.statement('SELECT 1 FROM boards WHERE id = ?').get(boardId) !== undefined) heads.set(boardId, this.head(boardId));
      }
    });
    read.deferred();
    return heads;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  /**
   * A big board (over WORKER_READ_BYTES stored) is read in a worker thread through its own
   * connection: copying a 15 MiB snapshot out of SQLite took the event loop for 100 ms or more.
   */
  async loadDocument(boardId: string): Promise<LoadedDocument> {
    if (this.storedBytes(boardId) >= WORKER_READ_BYTES) return runWorker<LoadedDocument>('storeReadWorker', { file: this.file, boardId });
    const read = this.db.transaction((): LoadedDocument => {
      const snap = this.db.prepare('SELECT upto_seq, state FROM doc_snapshots WHERE board_id = ? ORDER BY upto_seq DESC LIMIT 1').get(boardId) as
        { upto_seq: number; state: Buffer } | undefined;
      const snapshotSeq = snap?.upto_seq ?? 0;
      return {
        snapshot: snap ? toBytes(snap.state) : null,
        snapshotSeq,
        updates: this.readUpdates(boardId, snapshotSeq),
      };
    });
    return read.deferred();
  }

  async writeSnapshot(boardId: string, uptoSeq: number, state: Uint8Array, historyState?: Uint8Array): Promise<void> {
    this.db
      .transaction(() => {
        const last = this.lastSeq(boardId);
        if (!Number.isInteger(uptoSeq) || uptoSeq < 0 || uptoSeq > last) {
          throw new StoreError('conflict', `Snapshot seq ${uptoSeq} is outside the log (last ${last})`);
        }
        this.db
          .prepare(
            `INSERT INTO doc_snapshots (board_id, upto_seq, state, at, history_state) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (board_id, upto_seq) DO UPDATE SET state = excluded.state, at = excluded.at, history_state = excluded.history_state`,
          )
          .run(boardId, uptoSeq, toBuffer(state), this.now(), historyState ? toBuffer(historyState) : null);
        recordLogBytes(this.db, boardId, uptoSeq);
      })
      .immediate();
    await this.thinSnapshots(boardId, uptoSeq);
  }

  async listUpdateHeads(boardId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]> {
    const rows = this.statement(
      `SELECT seq, substr("update", 1, ${UPDATE_HEAD_BYTES}) AS "update", user_id, at FROM doc_updates WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq`,
    ).all(boardId, afterSeq, uptoSeq) as UpdateRow[];
    return rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at }));
  }

  async listUpdates(boardId: string, afterSeq = 0, uptoSeq?: number): Promise<StoredUpdate[]> {
    if (uptoSeq === undefined) return this.readUpdates(boardId, afterSeq);
    const rows = this.statement('SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq').all(
      boardId,
      afterSeq,
      uptoSeq,
    ) as UpdateRow[];
    return rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at }));
  }

  async loadDocumentAt(boardId: string, at: string, options: { history?: boolean } = {}): Promise<LoadedDocument> {
    return loadDocumentAt(this.db, boardId, at, options.history);
  }

  async writeHistorySnapshot(boardId: string, uptoSeq: number, historyState: Uint8Array): Promise<void> {
    writeHistorySnapshot(this.db, boardId, uptoSeq, historyState);
  }

  async listUpdateTimes(boardId: string, limit: number): Promise<string[]> {
    return listUpdateTimes(this.db, boardId, limit);
  }

  async listDocClients(boardId: string): Promise<DocClientRecord[]> {
    const rows = this.statement('SELECT client_id, user_id FROM doc_clients WHERE board_id = ?').all(boardId) as { client_id: number; user_id: string }[];
    return rows.map((row) => ({ clientId: row.client_id, userId: row.user_id }));
  }

  // ── Activity ───────────────────────────────────────────────────────────

  async addActivity(events: ActivityEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.db.transaction(() => this.insertActivity(events)).immediate();
  }

  /** Inserts activity rows; runs inside the caller's transaction. */
  private insertActivity(events: ActivityEvent[]): void {
    if (events.length === 0) return;
    const insert = this.statement(
      `INSERT INTO activity (id, board_id, at, actor_id, actor_name, type, deal_id, summary, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of events) {
      insert.run(e.id, e.boardId, e.at, e.actor.id, e.actor.name, e.type, e.dealId ?? null, e.summary, JSON.stringify(e.data ?? {}));
    }
    this.webhooks.enqueueForEvents(events);
  }

  /** Prepared statements are compiled once and reused (the hot path runs per update). */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async listActivity(boardId: string, query: ActivityQuery): Promise<ActivityEvent[]> {
    const limit = Math.min(MAX_ACTIVITY_PAGE, Math.max(1, Math.floor(query.limit) || 1));
    const where = ['board_id = @boardId'];
    const params: Record<string, string | number> = { boardId, limit };
    if (query.dealId !== undefined) {
      where.push('deal_id = @dealId');
      params.dealId = query.dealId;
    }
    if (query.before !== undefined) {
      const cursor = this.db.prepare('SELECT at, seq FROM activity WHERE id = ? AND board_id = ?').get(query.before, boardId) as
        { at: string; seq: number } | undefined;
      if (!cursor) return [];
      where.push('(at < @beforeAt OR (at = @beforeAt AND seq < @beforeSeq))');
      params.beforeAt = cursor.at;
      params.beforeSeq = cursor.seq;
    }
    const rows = this.db
      .prepare(
        `SELECT id, board_id, at, actor_id, actor_name, type, deal_id, summary, data FROM activity
         WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT @limit`,
      )
      .all(params) as ActivityRow[];
    return rows.map(toActivity);
  }

  // ── Idempotency keys, webhooks, deliveries (SqliteWebhooks) ───────────

  async getIdempotentAnswer(boardId: string, userId: string, key: string): Promise<IdempotentAnswer | null> {
    return this.webhooks.getIdempotentAnswer(boardId, userId, key);
  }
  async saveIdempotentAnswer(input: { boardId: string; userId: string; key: string; status: number; body: string }): Promise<void> {
    this.webhooks.saveIdempotentAnswer(input);
  }
  async createWebhook(input: Omit<WebhookRecord, 'createdAt' | 'disabledAt' | 'consecutiveFailures'>): Promise<WebhookRecord> {
    return this.webhooks.createWebhook(input);
  }
  async listWebhooks(boardId: string): Promise<WebhookRecord[]> {
    return this.webhooks.listWebhooks(boardId);
  }
  async getWebhook(boardId: string, id: string): Promise<WebhookRecord | null> {
    return this.webhooks.getWebhook(boardId, id);
  }
  async deleteWebhook(boardId: string, id: string): Promise<boolean> {
    return this.webhooks.deleteWebhook(boardId, id);
  }
  async updateWebhook(id: string, patch: { events?: string[]; disabledAt?: string | null; consecutiveFailures?: number }): Promise<void> {
    this.webhooks.updateWebhook(id, patch);
  }
  async enqueueDeliveries(deliveries: NewDelivery[]): Promise<void> {
    this.webhooks.enqueueDeliveries(deliveries);
  }
  async listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.webhooks.listDeliveries(webhookId, limit);
  }
  async headDeliveries(): Promise<Array<{ delivery: DeliveryRecord; webhook: WebhookRecord }>> {
    return this.webhooks.headDeliveries();
  }
  async recordDeliveryAttempt(
    id: string,
    result: { status: DeliveryStatus; statusCode: number | null; lastError: string | null; nextAttemptAt: string | null },
  ): Promise<void> {
    this.webhooks.recordDeliveryAttempt(id, result);
  }

  // ── Watches and notifications (SqliteNotifications) ────────────────────

  async setWatch(userId: string, boardId: string, dealId: string | null, watching: boolean): Promise<void> {
    this.notifications.setWatch(userId, boardId, dealId, watching, this.now());
  }
  async watchUnlessChosen(userId: string, boardId: string, dealId: string): Promise<boolean> {
    return this.notifications.watchUnlessChosen(userId, boardId, dealId, this.now());
  }
  async listWatches(userId: string): Promise<Watch[]> {
    return this.notifications.listWatches(userId);
  }
  async listWatchChoices(boardId: string, dealId: string): Promise<Array<{ userId: string; dealId: string | null; watching: boolean }>> {
    return this.notifications.listWatchChoices(boardId, dealId);
  }
  async addNotifications(notifications: NewNotification[]): Promise<void> {
    this.notifications.addNotifications(notifications);
  }
  async listNotifications(userId: string, query: NotificationQuery): Promise<Notification[]> {
    return this.notifications.listNotifications(userId, query);
  }
  async countUnreadNotifications(userId: string): Promise<number> {
    return this.notifications.countUnread(userId);
  }
  async markNotificationsRead(userId: string, ids: string[] | 'all', at: string): Promise<string[]> {
    return this.notifications.markRead(userId, ids, at);
  }
  async getNotificationSettings(userId: string): Promise<unknown> {
    return this.notifications.getSettings(userId);
  }
  async saveNotificationSettings(userId: string, settings: unknown): Promise<void> {
    this.notifications.saveSettings(userId, settings);
  }
  async touchNotificationsSeen(userId: string, at: string): Promise<string | null> {
    return this.notifications.touchSeen(userId, at);
  }

  // ── Imports ────────────────────────────────────────────────────────────
  async saveImport(record: Omit<ImportRecord, 'undoneAt'>): Promise<void> {
    imports.saveImport(this.db, record);
  }
  async getImport(boardId: string, id: string): Promise<ImportRecord | null> {
    return imports.getImport(this.db, boardId, id);
  }
  async setImportUndone(boardId: string, id: string, at: string | null): Promise<boolean> {
    return imports.setImportUndone(this.db, boardId, id, at);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ── Helpers ────────────────────────────────────────────────────────────

  /** The board's head row, or (a board logged before heads existed) its head computed from the log. */
  private head(boardId: string): BoardHead {
    const row = this.statement('SELECT last_seq, state_vector FROM board_heads WHERE board_id = ?').get(boardId) as
      { last_seq: number; state_vector: Buffer } | undefined;
    if (row) return { lastSeq: row.last_seq, stateVector: toBytes(row.state_vector) };
    const snap = this.statement('SELECT state FROM doc_snapshots WHERE board_id = ? ORDER BY upto_seq DESC LIMIT 1').get(boardId) as
      { state: Buffer } | undefined;
    const snapshotSeq = (this.statement('SELECT COALESCE(MAX(upto_seq), 0) AS seq FROM doc_snapshots WHERE board_id = ?').get(boardId) as { seq: number }).seq;
    const tail = this.readUpdates(boardId, snapshotSeq);
    return {
      lastSeq: this.lastSeq(boardId),
      stateVector: stateVectorOf([...(snap ? [toBytes(snap.state)] : []), ...tail.map((u) => u.update)]),
    };
  }

  private lastSeq(boardId: string): number {
    const row = this.statement('SELECT COALESCE(MAX(seq), 0) AS seq FROM doc_updates WHERE board_id = ?').get(boardId) as { seq: number };
    return row.seq;
  }

  private readUpdates(boardId: string, afterSeq: number): StoredUpdate[] {
    const rows = this.db
      .prepare('SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq')
      .all(boardId, afterSeq) as UpdateRow[];
    return rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at }));
  }
}

/** Emails compare case-insensitively: kept trimmed and lowercased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
