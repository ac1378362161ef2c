/**
 * The account-hardening tables on PostgreSQL (migration 003): session listing and idle
 * times, token scopes, invitations and the shared throttle counters. The same behaviour
 * as sqlite/accountTables.ts; PostgresStore delegates to this so each file stays about
 * one thing.
 */
import { randomBytes } from 'node:crypto';
import { isRole, type Role } from '../../../../shared/src/roles';
import { StoreError } from '../errors';
import type { ApiTokenRecord, AttemptCount, InvitationRecord, SessionRecord, TokenAccess, UserRecord } from '../Store';
import { toRole, toUser, type UserRow } from '../sqlite/rows';
import { hasCode, type PgDatabase } from './database';

const FOREIGN_KEY_VIOLATION = '23503';

interface SessionRow {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  user_agent: string;
}
interface TokenRow {
  id: string;
  name: string;
  created_at: string;
  access: string;
  board_id: string | null;
  expires_at: string | null;
  last_used_at: string | null;
}
interface InvitationRow {
  id: string;
  board_id: string;
  board_name: string;
  email: string | null;
  role: string;
  invited_by: string | null;
  inviter_name: string | null;
  created_at: string;
  expires_at: string | null;
}

const USER_COLS = 'u.id, u.email, u.name, u.created_at';
const SESSION_COLS = 's.id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent';
const TOKEN_COLS = 't.id, t.name, t.created_at, t.access, t.board_id, t.expires_at, t.last_used_at';
const INVITATION_SELECT = `SELECT i.id, i.board_id, b.name AS board_name, i.email, i.role, i.invited_by, u.name AS inviter_name,
  i.created_at, i.expires_at FROM invitations i JOIN boards b ON b.id = i.board_id LEFT JOIN users u ON u.id = i.invited_by`;
/** `$1` is always the current time in the statements that use it. */
const UNEXPIRED = '(i.expires_at IS NULL OR i.expires_at > $1)';

/** A role's rank in SQL (viewer < editor < owner), to keep the higher one in one statement. */
function roleRank(column: string): string {
  return `CASE ${column} WHEN 'owner' THEN 3 WHEN 'editor' THEN 2 ELSE 1 END`;
}

function toSession(row: SessionRow): SessionRecord {
  return { id: row.id, createdAt: row.created_at, lastSeenAt: row.last_seen_at ?? row.created_at, expiresAt: row.expires_at, userAgent: row.user_agent };
}

function toToken(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    access: row.access === 'read' ? 'read' : 'write',
    boardId: row.board_id,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

function toInvitation(row: InvitationRow): InvitationRecord {
  return {
    id: row.id,
    boardId: row.board_id,
    boardName: row.board_name,
    email: row.email,
    role: toRole(row.role),
    invitedBy: row.invited_by !== null ? { id: row.invited_by, name: row.inviter_name ?? '' } : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class PgAccounts {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => string,
  ) {}

  async setPasswordHash(userId: string, passwordHash: string): Promise<boolean> {
    const result = await this.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
    return (result.rowCount ?? 0) > 0;
  }

  // ── Sessions ───────────────────────────────────────────────────────────

  async createSession(input: { idHash: string; userId: string; expiresAt: string; userAgent?: string }): Promise<void> {
    const at = this.now();
    await this.db.query('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, id, last_seen_at, user_agent) VALUES ($1, $2, $3, $4, $5, $3, $6)', [
      input.idHash,
      input.userId,
      at,
      input.expiresAt,
      randomBytes(12).toString('hex'),
      (input.userAgent ?? '').slice(0, 300),
    ]);
  }

  async getSession(idHash: string): Promise<{ user: UserRecord; session: SessionRecord } | null> {
    const row = await this.db.one<UserRow & Omit<SessionRow, 'id' | 'created_at'> & { s_id: string; s_created_at: string }>(
      `SELECT ${USER_COLS}, s.id AS s_id, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.user_agent
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [idHash],
    );
    if (!row) return null;
    if (row.expires_at <= this.now()) {
      await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      return null;
    }
    return { user: toUser(row), session: toSession({ ...row, id: row.s_id, created_at: row.s_created_at }) };
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.db.query('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2', [at, idHash]);
  }

  async listSessions(userId: string): Promise<SessionRecord[]> {
    const rows = await this.db.rows<SessionRow>(
      `SELECT ${SESSION_COLS} FROM sessions s WHERE s.user_id = $1 AND s.expires_at > $2
       ORDER BY COALESCE(s.last_seen_at, s.created_at) DESC, s.ord DESC`,
      [userId, this.now()],
    );
    return rows.map(toSession);
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteUserSession(userId: string, id: string): Promise<string | null> {
    const row = await this.db.one<{ id_hash: string }>('DELETE FROM sessions WHERE user_id = $1 AND id = $2 RETURNING id_hash', [userId, id]);
    return row?.id_hash ?? null;
  }

  async deleteUserSessions(userId: string, exceptIdHash?: string): Promise<string[]> {
    const rows = await this.db.rows<{ id_hash: string }>('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2 RETURNING id_hash', [
      userId,
      exceptIdHash ?? '',
    ]);
    return rows.map((row) => row.id_hash);
  }

  // ── API tokens ─────────────────────────────────────────────────────────

  async createApiToken(input: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    access?: TokenAccess;
    boardId?: string | null;
    expiresAt?: string | null;
  }): Promise<void> {
    try {
      await this.db.query(
        'INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, access, board_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [input.id, input.userId, input.name, input.tokenHash, this.now(), input.access ?? 'write', input.boardId ?? null, input.expiresAt ?? null],
      );
    } catch (err) {
      if (hasCode(err, FOREIGN_KEY_VIOLATION)) throw new StoreError('not_found', 'No such user or board');
      throw err;
    }
  }

  async getApiToken(tokenHash: string): Promise<{ user: UserRecord; token: ApiTokenRecord } | null> {
    const row = await this.db.one<TokenRow & { user_id: string; email: string; user_name: string; user_created_at: string }>(
      `SELECT ${TOKEN_COLS}, t.user_id, u.email, u.name AS user_name, u.created_at AS user_created_at
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
      [tokenHash],
    );
    if (!row) return null;
    if (row.expires_at !== null && row.expires_at <= this.now()) return null;
    const user = toUser({ id: row.user_id, email: row.email, name: row.user_name, created_at: row.user_created_at });
    return { user, token: toToken(row) };
  }

  async touchApiToken(tokenHash: string, at: string): Promise<void> {
    await this.db.query('UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2', [at, tokenHash]);
  }

  async deleteApiToken(userId: string, id: string): Promise<string | null> {
    const row = await this.db.one<{ token_hash: string }>('DELETE FROM api_tokens WHERE user_id = $1 AND id = $2 RETURNING token_hash', [userId, id]);
    return row?.token_hash ?? null;
  }

  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.rows<TokenRow>(`SELECT ${TOKEN_COLS} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.ord DESC`, [userId]);
    return rows.map(toToken);
  }

  // ── Invitations ────────────────────────────────────────────────────────

  async createInvitation(input: {
    id: string;
    boardId: string;
    email?: string;
    tokenHash?: string;
    role: Role;
    invitedBy: string;
    expiresAt?: string | null;
  }): Promise<InvitationRecord> {
    if (!isRole(input.role)) throw new TypeError(`Not a role: ${String(input.role)}`);
    if ((input.email === undefined) === (input.tokenHash === undefined)) throw new TypeError('An invitation has an email or a token, not both');
    const email = input.email?.trim().toLowerCase() ?? null;
    try {
      await this.db.query(
        `INSERT INTO invitations (id, board_id, email, token_hash, role, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (board_id, email) WHERE email IS NOT NULL
         DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by, expires_at = excluded.expires_at`,
        [input.id, input.boardId, email, input.tokenHash ?? null, input.role, input.invitedBy, this.now(), input.expiresAt ?? null],
      );
    } catch (err) {
      if (hasCode(err, FOREIGN_KEY_VIOLATION)) throw new StoreError('not_found', 'No such board or user');
      throw err;
    }
    const row =
      email !== null
        ? await this.db.one<InvitationRow>(`${INVITATION_SELECT} WHERE i.board_id = $1 AND i.email = $2`, [input.boardId, email])
        : await this.db.one<InvitationRow>(`${INVITATION_SELECT} WHERE i.id = $1`, [input.id]);
    return toInvitation(row as InvitationRow);
  }

  async listBoardInvitations(boardId: string): Promise<InvitationRecord[]> {
    const rows = await this.db.rows<InvitationRow>(`${INVITATION_SELECT} WHERE i.board_id = $2 AND ${UNEXPIRED} ORDER BY i.created_at, i.ord`, [
      this.now(),
      boardId,
    ]);
    return rows.map(toInvitation);
  }

  async listInvitationsForEmail(email: string): Promise<InvitationRecord[]> {
    const rows = await this.db.rows<InvitationRow>(`${INVITATION_SELECT} WHERE i.email = $2 AND ${UNEXPIRED} ORDER BY i.created_at, i.ord`, [
      this.now(),
      email.trim().toLowerCase(),
    ]);
    return rows.map(toInvitation);
  }

  async getInvitation(id: string): Promise<InvitationRecord | null> {
    const row = await this.db.one<InvitationRow>(`${INVITATION_SELECT} WHERE i.id = $2 AND ${UNEXPIRED}`, [this.now(), id]);
    return row ? toInvitation(row) : null;
  }

  async getInvitationByToken(tokenHash: string): Promise<InvitationRecord | null> {
    const row = await this.db.one<InvitationRow>(`${INVITATION_SELECT} WHERE i.token_hash = $2 AND ${UNEXPIRED}`, [this.now(), tokenHash]);
    return row ? toInvitation(row) : null;
  }

  async deleteInvitation(boardId: string, id: string): Promise<boolean> {
    const result = await this.db.query('DELETE FROM invitations WHERE board_id = $1 AND id = $2', [boardId, id]);
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * The DELETE claims the invitation (a concurrent accept waits on its row lock and then
   * finds it gone); the upsert raises the role only, in one statement, so two accepts
   * racing on one membership never lower it.
   */
  async acceptInvitation(id: string, userId: string): Promise<Role | null> {
    return this.db.transaction(async (client) => {
      const now = this.now();
      const claimed = await client.query<{ board_id: string; role: string }>(
        `DELETE FROM invitations AS i WHERE i.id = $2 AND ${UNEXPIRED} RETURNING board_id, role`,
        [now, id],
      );
      const row = claimed.rows[0];
      if (!row) return null;
      const invited = toRole(row.role);
      const raised = await client.query<{ role: string }>(
        `INSERT INTO memberships (board_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role
         WHERE ${roleRank('memberships.role')} < ${roleRank('excluded.role')}
         RETURNING role`,
        [row.board_id, userId, invited, now],
      );
      if (raised.rows[0]) return toRole(raised.rows[0].role);
      const current = await client.query<{ role: string }>('SELECT role FROM memberships WHERE board_id = $1 AND user_id = $2', [row.board_id, userId]);
      return toRole(current.rows[0]?.role ?? invited);
    });
  }

  // ── Throttle counters ──────────────────────────────────────────────────

  async getAttempts(key: string): Promise<AttemptCount | null> {
    const row = await this.db.one<{ failures: number; last_at: number }>('SELECT failures, last_at FROM auth_attempts WHERE key = $1', [key]);
    return row ? { failures: row.failures, lastAt: row.last_at } : null;
  }

  async admitAttempt(keys: { key: string; resetBefore: number }[], at: number, waitFor: (counts: (AttemptCount | null)[]) => number): Promise<number> {
    if (keys.length === 0) return waitFor([]);
    return this.db.transaction(async (client) => {
      // Transaction-scoped advisory locks on the keys (sorted, so two admissions never deadlock):
      // an attempt on another process waits here until this one has counted or refused.
      for (const key of keys.map((k) => k.key).sort()) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const counts: (AttemptCount | null)[] = [];
      for (const { key } of keys) {
        const row = (await client.query<{ failures: number; last_at: number }>('SELECT failures, last_at FROM auth_attempts WHERE key = $1', [key])).rows[0];
        counts.push(row ? { failures: row.failures, lastAt: Number(row.last_at) } : null);
      }
      const wait = waitFor(counts);
      if (wait > 0) return wait;
      for (const { key, resetBefore } of keys) {
        await client.query(
          `INSERT INTO auth_attempts (key, failures, last_at) VALUES ($1, 1, $2)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN auth_attempts.last_at < $3 THEN 1 ELSE auth_attempts.failures + 1 END,
             last_at = $2`,
          [key, at, resetBefore],
        );
      }
      return 0;
    });
  }

  async clearAttempts(key: string): Promise<void> {
    await this.db.query('DELETE FROM auth_attempts WHERE key = $1', [key]);
  }

  /** Drops counters nobody touched since `before` (ms): keeps the table small. */
  async pruneAttempts(before: number): Promise<void> {
    await this.db.query('DELETE FROM auth_attempts WHERE last_at < $1', [before]);
  }
}
