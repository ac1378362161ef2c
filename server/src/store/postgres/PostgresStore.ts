/**
 * The Store on PostgreSQL (`DATABASE_URL`), for several processes sharing one database.
 *
 * - The log is safe for several writers: every append locks the board's head row FOR
 *   UPDATE, so seqs are gapless and in commit order; the updates, the new head (last seq,
 *   state vector) and the activity derived from them commit in one transaction with
 *   synchronous_commit=on (one transaction per batch: group commit).
 * - Snapshots are built from the log under a transaction-level advisory lock.
 * - A database that cannot be reached is StoreError('unavailable') (REST answers 503,
 *   a room closes 4503); the pool reconnects by itself once PostgreSQL is back.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { ActivityEvent } from '../../../../shared/src/events';
import { isRole, type Role } from '../../../../shared/src/roles';
import { StoreError } from '../errors';
import { advanceStateVector, buildSnapshot } from '../stateVector';
import type {
  DocClientRecord,
  ActivityQuery,
  ApiTokenRecord,
  BoardHead,
  BoardRecord,
  BoardSummary,
  LoadedDocument,
  MemberRecord,
  NewUpdate,
  Store,
  StoredUpdate,
  UserRecord,
} from '../Store';
import { normalizeEmail } from '../sqlite/SqliteStore';
import { toBoard, toBuffer, toBytes, toRole, toUser, type BoardRow, type UserRow } from '../sqlite/rows';
import { insertActivity, listActivity } from './activity';
import { hasCode, PgDatabase, type Queryable } from './database';
import { migratePostgres } from './migrations';
import { listUpdateTimes, loadDocumentAt } from './history';
import { asStoreError, createPool } from './pool';

/** First key of the per-board compaction advisory lock ("tranche", "compact"). */
const COMPACT_LOCK = 0x636f_6d70;
const UNIQUE_VIOLATION = '23505';
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
  private constructor(
    readonly fresh: boolean,
    private readonly db: PgDatabase,
    private readonly now: () => string,
    /** Shared with the pool's error listener: losing connections while closing is expected. */
    private readonly lifecycle: { closing: boolean },
  ) {}

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

  async createSession(input: { idHash: string; userId: string; expiresAt: string }): Promise<void> {
    await this.db.query('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      input.idHash,
      input.userId,
      this.now(),
      input.expiresAt,
    ]);
  }

  async getSessionUser(idHash: string): Promise<UserRecord | null> {
    const row = await this.db.one<UserRow & { expires_at: string }>(
      `SELECT ${USER_COLS}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [idHash],
    );
    if (!row) return null;
    if (row.expires_at <= this.now()) {
      await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      return null;
    }
    return toUser(row);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async createApiToken(input: { id: string; userId: string; name: string; tokenHash: string }): Promise<void> {
    await this.db.query('INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      input.id,
      input.userId,
      input.name,
      input.tokenHash,
      this.now(),
    ]);
  }

  async getTokenUser(tokenHash: string): Promise<UserRecord | null> {
    const row = await this.db.one<UserRow>(`SELECT ${USER_COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, [tokenHash]);
    return row ? toUser(row) : null;
  }

  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.rows<{ id: string; name: string; created_at: string }>(
      'SELECT id, name, created_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, ord DESC',
      [userId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
  }

  async deleteApiToken(userId: string, id: string): Promise<string | null> {
    const row = await this.db.one<{ token_hash: string }>('DELETE FROM api_tokens WHERE user_id = $1 AND id = $2 RETURNING token_hash', [userId, id]);
    return row?.token_hash ?? null;
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
        await insertActivity(client, activity);
        if (updates.length === 0) {
          const head = await client.query<{ last_seq: number }>('SELECT last_seq FROM board_heads WHERE board_id = $1', [boardId]);
          return head.rows[0]?.last_seq ?? 0;
        }
        // The row lock orders concurrent appends: the next one reads this one's last_seq.
        const head = await client.query<{ last_seq: number; state_vector: Buffer }>(
          'SELECT last_seq, state_vector FROM board_heads WHERE board_id = $1 FOR UPDATE',
          [boardId],
        );
        const row = head.rows[0];
        if (!row) throw new StoreError('not_found', `No board ${boardId}`);
        const first = row.last_seq + 1;
        const last = row.last_seq + updates.length;
        const stateVector = advanceStateVector(row.state_vector, updates.map((u) => u.update));
        await client.query(
          `WITH logged AS (
             INSERT INTO doc_updates (board_id, seq, "update", user_id, at)
             SELECT $1, $2::bigint + t.ord - 1, t.u, t.uid, t.at
             FROM unnest($3::bytea[], $4::text[], $5::text[]) WITH ORDINALITY AS t(u, uid, at, ord)
           ), head AS (
             UPDATE board_heads SET last_seq = $6, state_vector = $7 WHERE board_id = $1
           )
           UPDATE boards SET updated_at = GREATEST(updated_at, $8) WHERE id = $1`,
          [
            boardId,
            first,
            updates.map((u) => toBuffer(u.update)),
            updates.map((u) => u.userId),
            updates.map((u) => u.at),
            last,
            toBuffer(stateVector),
            updates[updates.length - 1]?.at ?? this.now(),
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

  async writeSnapshot(boardId: string, uptoSeq: number, state: Uint8Array): Promise<void> {
    await this.db.transaction(async (client) => {
      await this.checkInLog(client, boardId, uptoSeq);
      await client.query(
        `INSERT INTO doc_snapshots (board_id, upto_seq, state, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id, upto_seq) DO UPDATE SET state = excluded.state, at = excluded.at`,
        [boardId, uptoSeq, toBuffer(state), this.now()],
      );
      // Older snapshots are kept: the board at a past moment starts from the nearest one.
    });
  }

  async listDocClients(boardId: string): Promise<DocClientRecord[]> {
    const rows = await this.db.rows<{ client_id: string; user_id: string }>('SELECT client_id, user_id FROM doc_clients WHERE board_id = $1', [boardId]);
    return rows.map((row) => ({ clientId: Number(row.client_id), userId: row.user_id }));
  }

  async compact(boardId: string, uptoSeq: number): Promise<void> {
    await this.db.transaction(async (client) => {
      // Transaction-level: released at commit, safe behind a transaction-pooling proxy.
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [COMPACT_LOCK, boardId]);
      if (!lock.rows[0]?.locked) return; // another process is compacting this board
      await this.checkInLog(client, boardId, uptoSeq);
      const snap = await client.query<{ upto_seq: number; state: Buffer }>(
        'SELECT upto_seq, state FROM doc_snapshots WHERE board_id = $1 ORDER BY upto_seq DESC LIMIT 1',
        [boardId],
      );
      const previous = snap.rows[0];
      const fromSeq = previous?.upto_seq ?? 0;
      if (fromSeq >= uptoSeq) return;
      const tail = await client.query<{ update: Buffer }>(
        'SELECT "update" FROM doc_updates WHERE board_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
        [boardId, fromSeq, uptoSeq],
      );
      const state = buildSnapshot([...(previous ? [toBytes(previous.state)] : []), ...tail.rows.map((row) => toBytes(row.update))]);
      await client.query('INSERT INTO doc_snapshots (board_id, upto_seq, state, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        boardId,
        uptoSeq,
        toBuffer(state),
        this.now(),
      ]);
      // Older snapshots are kept: the board at a past moment starts from the nearest one.
    });
  }

  async loadDocumentAt(boardId: string, at: string): Promise<LoadedDocument> {
    return loadDocumentAt(this.db, boardId, at);
  }

  async listUpdateTimes(boardId: string, limit: number): Promise<string[]> {
    return listUpdateTimes(this.db, boardId, limit);
  }

  async listUpdates(boardId: string, afterSeq = 0): Promise<StoredUpdate[]> {
    const rows = await this.db.rows<{ seq: number; update: Buffer; user_id: string | null; at: string }>(
      'SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq',
      [boardId, afterSeq],
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
    await this.db.transaction((client) => insertActivity(client, events));
  }

  async listActivity(boardId: string, query: ActivityQuery): Promise<ActivityEvent[]> {
    return listActivity(this.db, boardId, query);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
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
