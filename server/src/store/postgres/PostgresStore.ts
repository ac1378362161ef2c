/**
 * The Store on PostgreSQL (`DATABASE_URL`), for several processes sharing one database.
 *
 * - The log is safe for several writers: every append locks the board's head row FOR
 *   UPDATE, so seqs are gapless and in commit order; the updates, the new head (last seq,
 *   state vector) and the activity derived from them commit in one transaction with
 *   synchronous_commit=on (one transaction per batch: group commit). Under the same lock, an
 *   update's time never goes before the previous one's (store/commitTimes.ts): processes'
 *   clocks differ.
 * - Snapshots are built from the log, written and thinned under a per-board transaction-level
 *   advisory lock, so a compaction's base snapshot is never dropped under it by another process.
 * - A database that cannot be reached is StoreError('unavailable') (REST answers 503,
 *   a room closes 4503); the pool reconnects by itself once PostgreSQL is back.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { ActivityEvent } from '../../../../shared/src/events';
import { isRole, type Role } from '../../../../shared/src/roles';
import { SnapshotThinningError, StoreError } from '../errors';
import { advanceStateVector } from '../stateVector';
import { logTimes } from '../commitTimes';
import { buildSnapshotPair } from '../../workers/buildSnapshot';
import type {
  DocClientRecord,
  ActivityQuery,
  ApiTokenRecord,
  AttemptCount,
  BoardHead,
  BoardRecord,
  BoardSummary,
  DeliveryRecord,
  IdempotentAnswer,
  InvitationRecord,
  LoadedDocument,
  MemberRecord,
  NewDelivery,
  NewUpdate,
  SessionRecord,
  Store,
  StoredUpdate,
  UserRecord,
  WebhookRecord,
  ImportRecord,
} from '../Store';
import { normalizeEmail } from '../sqlite/SqliteStore';
import { toBoard, toBuffer, toBytes, toRole, toUser, type BoardRow, type UserRow } from '../sqlite/rows';
import { PgAccounts } from './accounts';
import { insertActivity, listActivity } from './activity';
import * as imports from './imports';
import { PgNotifications } from './notifications';
import type { Notification, Watch } from '../../../../shared/src/notifications';
import { UPDATE_HEAD_BYTES, type NewNotification, type NotificationQuery } from '../Store';
import { hasCode, PgDatabase, type Queryable } from './database';
import { migratePostgres } from './migrations';
import { listUpdateTimes, loadDocumentAt, writeHistorySnapshot } from './history';
import { compactionDue, recordLogBytes, thinSnapshots } from './snapshots';
import { asStoreError, createPool } from './pool';
import { PgWebhooks } from './webhooks';

/** First key of the per-board compaction advisory lock ("tranche", "compact"). */
const COMPACT_LOCK = 0x636f_6d70;
const UNIQUE_VIOLATION = '23505';
/** Throttle counters untouched this long are dropped at open. */
const ATTEMPTS_KEPT_MS = 24 * 60 * 60 * 1000;
const FOREIGN_KEY_VIOLATION = '23503';

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Connections in the pool (bounded). */
  poolMax?: number;
  /** How long to wait for a connection before answering 'unavailable'. */
  connectionTimeoutMs?: number;
  /** Clock for created/updated times (tests may fix it). */
  now?: () => string;
}

const USER_COLS = 'u.id, u.email, u.name, u.created_at';
const EMPTY_STATE_VECTOR = Buffer.from(Y.encodeStateVector(new Y.Doc()));

export class PostgresStore implements Store {
  private readonly accounts: PgAccounts;
  private readonly webhooks: PgWebhooks;

  private constructor(
    readonly fresh: boolean,
    private readonly db: PgDatabase,
    private readonly now: () => string,
    /** Shared with the pool's error listener: losing connections while closing is expected. */
    private readonly lifecycle: { closing: boolean },
  ) {
    this.accounts = new PgAccounts(db, now);
    this.webhooks = new PgWebhooks(db, now);
  }

  /** Connects, runs pending migrations (once, however many processes start) and drops expired sessions. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const now = options.now ?? (() => new Date().toISOString());
    const lifecycle = { closing: false };
    const pool = createPool(
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10, connectionTimeoutMs: options.connectionTimeoutMs ?? 5_000 },
      () => lifecycle.closing,
    );
    try {
      const client = await pool.connect();
      let fresh: boolean;
      try {
        fresh = (await migratePostgres(client, now)).fresh;
        await client.query('DELETE FROM sessions WHERE expires_at <= $1', [now()]);
        await client.query('DELETE FROM auth_attempts WHERE last_at < $1', [Date.now() - ATTEMPTS_KEPT_MS]);
      } finally {
        client.release();
      }
      return new PostgresStore(fresh, new PgDatabase(pool), now, lifecycle);
    } catch (err) {
      lifecycle.closing = true;
      await pool.end().catch(() => undefined);
      throw asStoreError(err);
    }
  }

  // ── Users and credentials ──────────────────────────────────────────────

  async createUser(input: { email: string; name: string; passwordHash: string }): Promise<UserRecord> {
    const user: UserRecord = { id: randomUUID(), email: normalizeEmail(input.email), name: input.name, createdAt: this.now() };
    try {
      await this.db.query('INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        user.id,
        user.email,
        user.name,
        input.passwordHash,
        user.createdAt,
      ]);
    } catch (err) {
      if (hasCode(err, UNIQUE_VIOLATION)) throw new StoreError('email_taken', 'That email is already registered');
      throw err;
    }
    return user;
  }

  async findUserByEmail(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    const row = await this.db.one<UserRow & { password_hash: string }>(`SELECT ${USER_COLS}, u.password_hash FROM users u WHERE u.email = $1`, [
      normalizeEmail(email),
    ]);
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = await this.db.one<UserRow>(`SELECT ${USER_COLS} FROM users u WHERE u.id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  // Sessions, tokens, invitations and throttle counters (accounts.ts).
  async getSessionUser(idHash: string): Promise<UserRecord | null> {
    return (await this.accounts.getSession(idHash))?.user ?? null;
  }
  async deleteSession(idHash: string): Promise<void> {
    await this.accounts.deleteSession(idHash);
  }
  async getTokenUser(tokenHash: string): Promise<UserRecord | null> {
    return (await this.accounts.getApiToken(tokenHash))?.user ?? null;
  }
  async deleteApiToken(userId: string, id: string): Promise<string | null> {
    return this.accounts.deleteApiToken(userId, id);
  }
  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    return this.accounts.setPasswordHash(userId, passwordHash);
  }
  async createSession(input: { idHash: string; userId: string; expiresAt: string; userAgent?: string }): Promise<void> {
    await this.accounts.createSession(input);
  }
  async getSession(idHash: string): Promise<{ user: UserRecord; session: SessionRecord } | null> {
    return this.accounts.getSession(idHash);
  }
  async touchSession(idHash: string, at: string): Promise<void> {
    await this.accounts.touchSession(idHash, at);
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
  async createApiToken(input: Parameters<PgAccounts['createApiToken']>[0]): Promise<void> {
    await this.accounts.createApiToken(input);
  }
  async getApiToken(tokenHash: string): Promise<{ user: UserRecord; token: ApiTokenRecord } | null> {
    return this.accounts.getApiToken(tokenHash);
  }
  async touchApiToken(tokenHash: string, at: string): Promise<void> {
    await this.accounts.touchApiToken(tokenHash, at);
  }
  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    return this.accounts.listApiTokens(userId);
  }
  async createInvitation(input: Parameters<PgAccounts['createInvitation']>[0]): Promise<InvitationRecord> {
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
    await this.accounts.clearAttempts(key);
  }

  // ── Boards and membership ──────────────────────────────────────────────

  async createBoard(input: { id: string; name: string; ownerId: string }): Promise<BoardRecord> {
    const at = this.now();
    await this.db.transaction(async (client) => {
      await client.query('INSERT INTO boards (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)', [input.id, input.name, at]);
      await client.query('INSERT INTO board_heads (board_id, last_seq, state_vector) VALUES ($1, 0, $2)', [input.id, EMPTY_STATE_VECTOR]);
      await client.query("INSERT INTO memberships (board_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)", [input.id, input.ownerId, at]);
    });
    return { id: input.id, name: input.name, createdAt: at, updatedAt: at };
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = await this.db.one<BoardRow>('SELECT id, name, created_at, updated_at FROM boards WHERE id = $1', [id]);
    return row ? toBoard(row) : null;
  }

  async renameBoard(id: string, name: string): Promise<void> {
    const result = await this.db.query('UPDATE boards SET name = $1, updated_at = $2 WHERE id = $3', [name, this.now(), id]);
    if (result.rowCount === 0) throw new StoreError('not_found', `No board ${id}`);
  }

  async deleteBoard(id: string): Promise<void> {
    await this.db.query('DELETE FROM boards WHERE id = $1', [id]);
  }

  async listBoardsForUser(userId: string): Promise<BoardSummary[]> {
    const rows = await this.db.rows<BoardRow & { role: string }>(
      `SELECT b.id, b.name, b.created_at, b.updated_at, m.role FROM memberships m JOIN boards b ON b.id = m.board_id
       WHERE m.user_id = $1 ORDER BY b.updated_at DESC, b.id`,
      [userId],
    );
    return rows.map((row) => ({ ...toBoard(row), role: toRole(row.role) }));
  }

  async getRole(boardId: string, userId: string): Promise<Role | null> {
    const row = await this.db.one<{ role: string }>('SELECT role FROM memberships WHERE board_id = $1 AND user_id = $2', [boardId, userId]);
    return row ? toRole(row.role) : null;
  }

  async setMember(boardId: string, userId: string, role: Role): Promise<void> {
    if (!isRole(role)) throw new TypeError(`Not a role: ${String(role)}`);
    try {
      await this.db.query(
        `INSERT INTO memberships (board_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role`,
        [boardId, userId, role, this.now()],
      );
    } catch (err) {
      if (hasCode(err, FOREIGN_KEY_VIOLATION)) throw new StoreError('not_found', 'No such board or user');
      throw err;
    }
  }

  async removeMember(boardId: string, userId: string): Promise<void> {
    await this.db.query('DELETE FROM memberships WHERE board_id = $1 AND user_id = $2', [boardId, userId]);
  }

  async listMembers(boardId: string): Promise<MemberRecord[]> {
    const rows = await this.db.rows<UserRow & { role: string }>(
      `SELECT ${USER_COLS}, m.role FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.board_id = $1 ORDER BY m.created_at, m.ord`,
      [boardId],
    );
    return rows.map((row) => ({ user: toUser(row), role: toRole(row.role) }));
  }

  // ── The document log ───────────────────────────────────────────────────

  async appendUpdates(boardId: string, updates: NewUpdate[], activity: ActivityEvent[] = []): Promise<number> {
    try {
      return await this.db.transaction(async (client) => {
        await insertActivity(client, activity, this.now());
        if (updates.length === 0) {
          const head = await client.query<{ last_seq: number }>('SELECT last_seq FROM board_heads WHERE board_id = $1', [boardId]);
          return head.rows[0]?.last_seq ?? 0;
        }
        // The row lock orders concurrent appends: the next one reads this one's last_seq and last_at.
        const head = await client.query<{ last_seq: number; state_vector: Buffer; last_at: string | null }>(
          'SELECT last_seq, state_vector, last_at FROM board_heads WHERE board_id = $1 FOR UPDATE',
          [boardId],
        );
        const row = head.rows[0];
        if (!row) throw new StoreError('not_found', `No board ${boardId}`);
        const first = row.last_seq + 1;
        const last = row.last_seq + updates.length;
        const times = logTimes(
          row.last_at,
          updates.map((u) => u.at),
        );
        const stateVector = advanceStateVector(
          row.state_vector,
          updates.map((u) => u.update),
        );
        await client.query(
          `WITH logged AS (
             INSERT INTO doc_updates (board_id, seq, "update", user_id, at)
             SELECT $1, $2::bigint + t.ord - 1, t.u, t.uid, t.at
             FROM unnest($3::bytea[], $4::text[], $5::text[]) WITH ORDINALITY AS t(u, uid, at, ord)
           ), head AS (
             UPDATE board_heads SET last_seq = $6, state_vector = $7, last_at = $8::text WHERE board_id = $1
           )
           UPDATE boards SET updated_at = GREATEST(updated_at, $8) WHERE id = $1`,
          [
            boardId,
            first,
            updates.map((u) => toBuffer(u.update)),
            updates.map((u) => u.userId),
            times,
            last,
            toBuffer(stateVector),
            times[times.length - 1] ?? this.now(),
          ],
        );
        const bindings = updates.flatMap((u) => (u.userId === null ? [] : (u.clientIds ?? []).map((clientId) => [clientId, u.userId!] as const)));
        if (bindings.length > 0) {
          // The first writer of a client id keeps it (see server/src/sync/clientIds.ts).
          await client.query(
            `INSERT INTO doc_clients (board_id, client_id, user_id)
             SELECT $1, t.cid, t.uid FROM unnest($2::bigint[], $3::text[]) AS t(cid, uid)
             ON CONFLICT (board_id, client_id) DO NOTHING`,
            [boardId, bindings.map(([clientId]) => clientId), bindings.map(([, userId]) => userId)],
          );
        }
        return last;
      });
    } catch (err) {
      if (hasCode(err, FOREIGN_KEY_VIOLATION)) throw new StoreError('not_found', `No board ${boardId}`);
      throw err;
    }
  }

  async loadDocument(boardId: string): Promise<LoadedDocument> {
    // Updates are never deleted, so the snapshot read first plus the log after it is
    // consistent even while another process compacts.
    const snap = await this.db.one<{ upto_seq: number; state: Buffer }>(
      'SELECT upto_seq, state FROM doc_snapshots WHERE board_id = $1 ORDER BY upto_seq DESC LIMIT 1',
      [boardId],
    );
    const snapshotSeq = snap?.upto_seq ?? 0;
    return { snapshot: snap ? toBytes(snap.state) : null, snapshotSeq, updates: await this.listUpdates(boardId, snapshotSeq) };
  }

  async writeSnapshot(boardId: string, uptoSeq: number, state: Uint8Array, historyState?: Uint8Array): Promise<void> {
    await this.db.transaction(async (client) => {
      // Waits for another process's compaction of the board: never drops the snapshot it builds on.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACT_LOCK, boardId]);
      await this.checkInLog(client, boardId, uptoSeq);
      await client.query(
        `INSERT INTO doc_snapshots (board_id, upto_seq, state, at, history_state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id, upto_seq) DO UPDATE SET state = excluded.state, at = excluded.at, history_state = excluded.history_state`,
        [boardId, uptoSeq, toBuffer(state), this.now(), historyState ? toBuffer(historyState) : null],
      );
      await recordLogBytes(client, boardId);
    });
    await this.thinSnapshots(boardId, uptoSeq);
  }

  async listDocClients(boardId: string): Promise<DocClientRecord[]> {
    const rows = await this.db.rows<{ client_id: string; user_id: string }>('SELECT client_id, user_id FROM doc_clients WHERE board_id = $1', [boardId]);
    return rows.map((row) => ({ clientId: Number(row.client_id), userId: row.user_id }));
  }

  async compact(boardId: string, uptoSeq: number, options: { whenDue?: boolean } = {}): Promise<void> {
    const written = await this.db.transaction(async (client): Promise<boolean> => {
      // Transaction-level: released at commit, safe behind a transaction-pooling proxy. Every
      // snapshot write and thinning of the board takes it too, so the snapshot this one builds
      // on stays until it commits.
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [COMPACT_LOCK, boardId]);
      if (!lock.rows[0]?.locked) return false; // another process is compacting this board
      await this.checkInLog(client, boardId, uptoSeq);
      const latest = (
        await client.query<{ seq: number; bytes: number }>(
          'SELECT upto_seq AS seq, length(state) AS bytes FROM doc_snapshots WHERE board_id = $1 ORDER BY upto_seq DESC LIMIT 1',
          [boardId],
        )
      ).rows[0];
      if ((latest?.seq ?? 0) >= uptoSeq) return false;
      if (options.whenDue && !(await compactionDue(client, boardId, latest ?? null, uptoSeq))) return false;
      const snap = await client.query<{ upto_seq: number; state: Buffer }>('SELECT upto_seq, state FROM doc_snapshots WHERE board_id = $1 AND upto_seq = $2', [
        boardId,
        latest?.seq ?? 0,
      ]);
      const previous = snap.rows[0];
      if (latest && !previous) throw new Error(`Snapshot ${latest.seq} of ${boardId} went away under the compaction lock`);
      const fromSeq = previous?.upto_seq ?? 0;
      const tail = await client.query<{ update: Buffer }>('SELECT "update" FROM doc_updates WHERE board_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq', [
        boardId,
        fromSeq,
        uptoSeq,
      ]);
      const { state, history } = buildSnapshotPair({
        snapshot: previous ? toBytes(previous.state) : null,
        updates: tail.rows.map((row) => toBytes(row.update)),
      });
      await client.query('INSERT INTO doc_snapshots (board_id, upto_seq, state, at, history_state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        boardId,
        uptoSeq,
        toBuffer(state),
        this.now(),
        toBuffer(history),
      ]);
      await recordLogBytes(client, boardId);
      return true;
    });
    if (written) await this.thinSnapshots(boardId, uptoSeq);
  }

  /**
   * Drops the snapshots the retention rule lets go, in a transaction of its own after the
   * snapshot at `uptoSeq` committed (a failure here keeps it), under the board's compaction lock.
   */
  private async thinSnapshots(boardId: string, uptoSeq: number): Promise<void> {
    try {
      await this.db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACT_LOCK, boardId]);
        await thinSnapshots(client, boardId);
      });
    } catch (err) {
      throw new SnapshotThinningError(boardId, uptoSeq, err);
    }
  }

  async loadDocumentAt(boardId: string, at: string, options: { history?: boolean } = {}): Promise<LoadedDocument> {
    return loadDocumentAt(this.db, boardId, at, options.history);
  }

  async writeHistorySnapshot(boardId: string, uptoSeq: number, historyState: Uint8Array): Promise<void> {
    await writeHistorySnapshot(this.db, boardId, uptoSeq, historyState);
  }

  async listUpdateTimes(boardId: string, limit: number): Promise<string[]> {
    return listUpdateTimes(this.db, boardId, limit);
  }

  async listUpdateHeads(boardId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.db.rows<{ seq: number; update: Buffer; user_id: string | null; at: string }>(
      `SELECT seq, substring("update" from 1 for ${UPDATE_HEAD_BYTES}) AS "update", user_id, at FROM doc_updates WHERE board_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [boardId, afterSeq, uptoSeq],
    );
    return rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at }));
  }

  async listUpdates(boardId: string, afterSeq = 0, uptoSeq?: number): Promise<StoredUpdate[]> {
    const rows = await this.db.rows<{ seq: number; update: Buffer; user_id: string | null; at: string }>(
      'SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq',
      [boardId, afterSeq, uptoSeq ?? null],
    );
    return rows.map((row) => ({ seq: row.seq, update: toBytes(row.update), userId: row.user_id, at: row.at }));
  }

  async readHeads(boardIds: readonly string[]): Promise<Map<string, BoardHead>> {
    const heads = new Map<string, BoardHead>();
    if (boardIds.length === 0) return heads;
    const rows = await this.db.rows<{ board_id: string; last_seq: number; state_vector: Buffer }>(
      'SELECT board_id, last_seq, state_vector FROM board_heads WHERE board_id = ANY($1::text[])',
      [[...new Set(boardIds)]],
    );
    for (const row of rows) heads.set(row.board_id, { lastSeq: row.last_seq, stateVector: toBytes(row.state_vector) });
    return heads;
  }

  // ── Activity ───────────────────────────────────────────────────────────

  async addActivity(events: ActivityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction((client) => insertActivity(client, events, this.now()));
  }

  async listActivity(boardId: string, query: ActivityQuery): Promise<ActivityEvent[]> {
    return listActivity(this.db, boardId, query);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  // Idempotency keys, webhooks, deliveries (webhooks.ts).
  async getIdempotentAnswer(boardId: string, userId: string, key: string): Promise<IdempotentAnswer | null> {
    return this.webhooks.getIdempotentAnswer(boardId, userId, key);
  }
  async saveIdempotentAnswer(input: Parameters<PgWebhooks['saveIdempotentAnswer']>[0]): Promise<void> {
    await this.webhooks.saveIdempotentAnswer(input);
  }
  async createWebhook(input: Parameters<PgWebhooks['createWebhook']>[0]): Promise<WebhookRecord> {
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
  async updateWebhook(id: string, patch: Parameters<PgWebhooks['updateWebhook']>[1]): Promise<void> {
    await this.webhooks.updateWebhook(id, patch);
  }
  async enqueueDeliveries(deliveries: NewDelivery[]): Promise<void> {
    await this.webhooks.enqueueDeliveries(deliveries);
  }
  async listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.webhooks.listDeliveries(webhookId, limit);
  }
  async headDeliveries(): Promise<Array<{ delivery: DeliveryRecord; webhook: WebhookRecord }>> {
    return this.webhooks.headDeliveries();
  }
  async recordDeliveryAttempt(id: string, result: Parameters<PgWebhooks['recordDeliveryAttempt']>[1]): Promise<void> {
    await this.webhooks.recordDeliveryAttempt(id, result);
  }

  // ── Watches and notifications (./notifications) ─────────────────────────
  private inboxTables: PgNotifications | null = null;
  private get inbox(): PgNotifications {
    return (this.inboxTables ??= new PgNotifications(this.db, this.now));
  }
  setWatch(userId: string, boardId: string, dealId: string | null, watching: boolean): Promise<void> {
    return this.inbox.setWatch(userId, boardId, dealId, watching);
  }
  watchUnlessChosen(userId: string, boardId: string, dealId: string): Promise<boolean> {
    return this.inbox.watchUnlessChosen(userId, boardId, dealId);
  }
  listWatches(userId: string): Promise<Watch[]> {
    return this.inbox.listWatches(userId);
  }
  listWatchChoices(boardId: string, dealId: string): Promise<Array<{ userId: string; dealId: string | null; watching: boolean }>> {
    return this.inbox.listWatchChoices(boardId, dealId);
  }
  addNotifications(notifications: NewNotification[]): Promise<void> {
    return this.inbox.addNotifications(notifications);
  }
  listNotifications(userId: string, query: NotificationQuery): Promise<Notification[]> {
    return this.inbox.listNotifications(userId, query);
  }
  countUnreadNotifications(userId: string): Promise<number> {
    return this.inbox.countUnread(userId);
  }
  markNotificationsRead(userId: string, ids: string[] | 'all', at: string): Promise<string[]> {
    return this.inbox.markRead(userId, ids, at);
  }
  getNotificationSettings(userId: string): Promise<unknown> {
    return this.inbox.getSettings(userId);
  }
  saveNotificationSettings(userId: string, settings: unknown): Promise<void> {
    return this.inbox.saveSettings(userId, settings);
  }
  touchNotificationsSeen(userId: string, at: string): Promise<string | null> {
    return this.inbox.touchSeen(userId, at);
  }

  // ── Imports ────────────────────────────────────────────────────────────
  async saveImport(record: Omit<ImportRecord, 'undoneAt'>): Promise<void> {
    await imports.saveImport(this.db, record);
  }
  async getImport(boardId: string, id: string): Promise<ImportRecord | null> {
    return imports.getImport(this.db, boardId, id);
  }
  async setImportUndone(boardId: string, id: string, at: string | null): Promise<boolean> {
    return imports.setImportUndone(this.db, boardId, id, at);
  }

  async close(): Promise<void> {
    if (this.lifecycle.closing) return;
    this.lifecycle.closing = true;
    await this.db.end();
  }

  // ── Helpers ────────────────────────────────────────────────────────────

  private async checkInLog(client: Queryable, boardId: string, uptoSeq: number): Promise<void> {
    const head = await client.query<{ last_seq: number }>('SELECT last_seq FROM board_heads WHERE board_id = $1', [boardId]);
    const last = head.rows[0]?.last_seq ?? 0;
    if (!Number.isInteger(uptoSeq) || uptoSeq < 0 || uptoSeq > last) {
      throw new StoreError('conflict', `Snapshot seq ${uptoSeq} is outside the log (last ${last})`);
    }
  }
}
