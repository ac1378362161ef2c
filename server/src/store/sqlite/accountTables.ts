/**
 * The account-hardening tables of the SQLite store (migration 002): session listing and
 * idle times, token scopes, invitations and the shared throttle counters. SqliteStore
 * delegates to this so each file stays about one thing.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { hasRole, isRole, type Role } from '../../../../shared/src/roles';
import { StoreError } from '../errors';
import type { ApiTokenRecord, AttemptCount, InvitationRecord, SessionRecord, TokenAccess, UserRecord } from '../Store';
import { isConstraint, toRole, toUser, type UserRow } from './rows';

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
const UNEXPIRED = '(i.expires_at IS NULL OR i.expires_at > @now)';

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

export class AccountTables {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
  ) {}

  setPasswordHash(userId: string, passwordHash: string): boolean {
    return this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId).changes > 0;
  }

  // ── Sessions ───────────────────────────────────────────────────────────

  createSession(input: { idHash: string; userId: string; expiresAt: string; userAgent?: string }): void {
    const at = this.now();
    this.db
      .prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, id, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.idHash, input.userId, at, input.expiresAt, randomBytes(12).toString('hex'), at, (input.userAgent ?? '').slice(0, 300));
  }

  getSession(idHash: string): { user: UserRecord; session: SessionRecord } | null {
    const row = this.db
      .prepare(
        `SELECT ${USER_COLS}, s.id AS s_id, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.user_agent
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
      )
      .get(idHash) as (UserRow & Omit<SessionRow, 'id' | 'created_at'> & { s_id: string; s_created_at: string }) | undefined;
    if (!row) return null;
    if (row.expires_at <= this.now()) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
      return null;
    }
    return { user: toUser(row), session: toSession({ ...row, id: row.s_id, created_at: row.s_created_at }) };
  }

  touchSession(idHash: string, at: string): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  listSessions(userId: string): SessionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${SESSION_COLS} FROM sessions s WHERE s.user_id = ? AND s.expires_at > ? ORDER BY COALESCE(s.last_seen_at, s.created_at) DESC, s.rowid DESC`,
      )
      .all(userId, this.now()) as SessionRow[];
    return rows.map(toSession);
  }

  deleteUserSession(userId: string, id: string): string | null {
    const row = this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id = ? RETURNING id_hash').get(userId, id) as { id_hash: string } | undefined;
    return row?.id_hash ?? null;
  }

  deleteUserSessions(userId: string, exceptIdHash?: string): string[] {
    const rows = this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ? RETURNING id_hash').all(userId, exceptIdHash ?? '') as {
      id_hash: string;
    }[];
    return rows.map((row) => row.id_hash);
  }

  // ── API tokens ─────────────────────────────────────────────────────────

  createApiToken(input: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    access?: TokenAccess;
    boardId?: string | null;
    expiresAt?: string | null;
  }): void {
    try {
      this.db
        .prepare('INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, access, board_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.id, input.userId, input.name, input.tokenHash, this.now(), input.access ?? 'write', input.boardId ?? null, input.expiresAt ?? null);
    } catch (err) {
      if (isConstraint(err, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw new StoreError('not_found', 'No such user or board');
      throw err;
    }
  }

  getApiToken(tokenHash: string): { user: UserRecord; token: ApiTokenRecord } | null {
    const token = this.db.prepare(`SELECT ${TOKEN_COLS}, t.user_id FROM api_tokens t WHERE t.token_hash = ?`).get(tokenHash) as
      (TokenRow & { user_id: string }) | undefined;
    if (!token) return null;
    if (token.expires_at !== null && token.expires_at <= this.now()) return null;
    const user = this.db.prepare(`SELECT ${USER_COLS} FROM users u WHERE u.id = ?`).get(token.user_id) as UserRow | undefined;
    return user ? { user: toUser(user), token: toToken(token) } : null;
  }

  touchApiToken(tokenHash: string, at: string): void {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?').run(at, tokenHash);
  }

  listApiTokens(userId: string): ApiTokenRecord[] {
    const rows = this.db
      .prepare(`SELECT ${TOKEN_COLS} FROM api_tokens t WHERE t.user_id = ? ORDER BY t.created_at DESC, t.rowid DESC`)
      .all(userId) as TokenRow[];
    return rows.map(toToken);
  }

  // ── Invitations ────────────────────────────────────────────────────────

  createInvitation(input: {
    id: string;
    boardId: string;
    email?: string;
    tokenHash?: string;
    role: Role;
    invitedBy: string;
    expiresAt?: string | null;
  }): InvitationRecord {
    if (!isRole(input.role)) throw new TypeError(`Not a role: ${String(input.role)}`);
    if ((input.email === undefined) === (input.tokenHash === undefined)) throw new TypeError('An invitation has an email or a token, not both');
    const email = input.email?.trim().toLowerCase() ?? null;
    try {
      this.db
        .prepare(
          `INSERT INTO invitations (id, board_id, email, token_hash, role, invited_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (board_id, email) WHERE email IS NOT NULL
           DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by, expires_at = excluded.expires_at`,
        )
        .run(input.id, input.boardId, email, input.tokenHash ?? null, input.role, input.invitedBy, this.now(), input.expiresAt ?? null);
    } catch (err) {
      if (isConstraint(err, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw new StoreError('not_found', 'No such board or user');
      throw err;
    }
    const row =
      email !== null
        ? this.db.prepare(`${INVITATION_SELECT} WHERE i.board_id = ? AND i.email = ?`).get(input.boardId, email)
        : this.db.prepare(`${INVITATION_SELECT} WHERE i.id = ?`).get(input.id);
    return toInvitation(row as InvitationRow);
  }

  listBoardInvitations(boardId: string): InvitationRecord[] {
    const rows = this.db
      .prepare(`${INVITATION_SELECT} WHERE i.board_id = @boardId AND ${UNEXPIRED} ORDER BY i.created_at, i.rowid`)
      .all({ boardId, now: this.now() }) as InvitationRow[];
    return rows.map(toInvitation);
  }

  listInvitationsForEmail(email: string): InvitationRecord[] {
    const rows = this.db
      .prepare(`${INVITATION_SELECT} WHERE i.email = @email AND ${UNEXPIRED} ORDER BY i.created_at, i.rowid`)
      .all({ email: email.trim().toLowerCase(), now: this.now() }) as InvitationRow[];
    return rows.map(toInvitation);
  }

  getInvitation(id: string): InvitationRecord | null {
    const row = this.db.prepare(`${INVITATION_SELECT} WHERE i.id = @id AND ${UNEXPIRED}`).get({ id, now: this.now() }) as InvitationRow | undefined;
    return row ? toInvitation(row) : null;
  }

  getInvitationByToken(tokenHash: string): InvitationRecord | null {
    const row = this.db.prepare(`${INVITATION_SELECT} WHERE i.token_hash = @tokenHash AND ${UNEXPIRED}`).get({ tokenHash, now: this.now() }) as
      InvitationRow | undefined;
    return row ? toInvitation(row) : null;
  }

  deleteInvitation(boardId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM invitations WHERE board_id = ? AND id = ?').run(boardId, id).changes > 0;
  }

  acceptInvitation(id: string, userId: string): Role | null {
    return this.db
      .transaction((): Role | null => {
        const row = this.db.prepare(`DELETE FROM invitations AS i WHERE i.id = @id AND ${UNEXPIRED} RETURNING board_id, role`).get({ id, now: this.now() }) as
          { board_id: string; role: string } | undefined;
        if (!row) return null;
        const invited = toRole(row.role);
        const current = this.db.prepare('SELECT role FROM memberships WHERE board_id = ? AND user_id = ?').get(row.board_id, userId) as
          { role: string } | undefined;
        if (current && hasRole(toRole(current.role), invited)) return toRole(current.role);
        this.db
          .prepare(
            `INSERT INTO memberships (board_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role`,
          )
          .run(row.board_id, userId, invited, this.now());
        return invited;
      })
      .immediate();
  }

  // ── Throttle counters ──────────────────────────────────────────────────

  getAttempts(key: string): AttemptCount | null {
    const row = this.db.prepare('SELECT failures, last_at FROM auth_attempts WHERE key = ?').get(key) as { failures: number; last_at: number } | undefined;
    return row ? { failures: row.failures, lastAt: row.last_at } : null;
  }

  admitAttempt(keys: { key: string; resetBefore: number }[], at: number, waitFor: (counts: (AttemptCount | null)[]) => number): number {
    const count = this.db.prepare(
      `INSERT INTO auth_attempts (key, failures, last_at) VALUES (@key, 1, @at)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN last_at < @resetBefore THEN 1 ELSE failures + 1 END,
         last_at = @at
`,
    );
    // IMMEDIATE takes the write lock first, so no other process reads between check and count.
    return this.db
      .transaction(() => {
        const wait = waitFor(keys.map(({ key }) => this.getAttempts(key)));
        if (wait === 0) for (const { key, resetBefore } of keys) count.run({ key, at, resetBefore });
        return wait;
      })
      .immediate();
  }

  clearAttempts(key: string): void {
    this.db.prepare('DELETE FROM auth_attempts WHERE key = ?').run(key);
  }

  /** Drops counters nobody touched since `before` (ms): keeps the table small. */
  pruneAttempts(before: number): void {
    this.db.prepare('DELETE FROM auth_attempts WHERE last_at < ?').run(before);
  }
}
