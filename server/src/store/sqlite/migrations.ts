/**
 * Numbered schema migrations for the SQLite store. Append new ones; never edit one that
 * has shipped. Each runs in its own transaction and is recorded in `migrations`.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: '001_init',
    sql: `
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
        name          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );

      -- Only a SHA-256 hash of the session id is kept.
      CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE INDEX sessions_expiry ON sessions(expires_at);

      CREATE TABLE api_tokens (
        id         TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE INDEX api_tokens_user ON api_tokens(user_id);

      CREATE TABLE boards (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE memberships (
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (board_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships(user_id);

      -- The document log: kept for history, removed only with its board.
      CREATE TABLE doc_updates (
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        seq      INTEGER NOT NULL,
        "update" BLOB NOT NULL,
        user_id  TEXT,
        at       TEXT NOT NULL,
        PRIMARY KEY (board_id, seq)
      );

      CREATE TABLE doc_snapshots (
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        upto_seq INTEGER NOT NULL,
        state    BLOB NOT NULL,
        at       TEXT NOT NULL,
        PRIMARY KEY (board_id, upto_seq)
      );

      -- seq is the insertion order that breaks ties between events with the same time.
      CREATE TABLE activity (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL UNIQUE,
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        at         TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        type       TEXT NOT NULL,
        deal_id    TEXT,
        summary    TEXT NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX activity_board_newest ON activity(board_id, at DESC, seq DESC);
      CREATE INDEX activity_board_deal_newest ON activity(board_id, deal_id, at DESC, seq DESC);
    `,
  },
  {
    id: 2,
    name: '002_doc_clients',
    sql: `
      -- Each Yjs client id belongs to the user who first wrote with it (written with the log).
      CREATE TABLE doc_clients (
        board_id  TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL,
        user_id   TEXT NOT NULL,
        PRIMARY KEY (board_id, client_id)
      );
    `,
  },
  {
    id: 3,
    name: '003_board_heads',
    sql: `
      -- Each board's committed head: the last seq and the state vector of the log up to
      -- it, kept in the append transaction. Boards logged before this migration get
      -- theirs on first use (computed from the log).
      CREATE TABLE board_heads (
        board_id     TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        last_seq     INTEGER NOT NULL,
        state_vector BLOB NOT NULL
      );
    `,
  },
  {
    id: 4,
    name: '004_account_hardening',
    sql: `
      -- Sessions get a public id (to list and revoke them), a last-seen time (idle timeout)
      -- and the browser that opened them.
      ALTER TABLE sessions ADD COLUMN id TEXT;
      ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
      ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
      UPDATE sessions SET id = lower(hex(randomblob(12))), last_seen_at = created_at;
      CREATE UNIQUE INDEX sessions_public_id ON sessions(id);

      -- API tokens: read or write, optionally one board, optionally expiring; last use shown.
      ALTER TABLE api_tokens ADD COLUMN access TEXT NOT NULL DEFAULT 'write' CHECK (access IN ('read', 'write'));
      ALTER TABLE api_tokens ADD COLUMN board_id TEXT REFERENCES boards(id) ON DELETE CASCADE;
      ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
      ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;

      -- Pending invitations: by email (claimed by the account with that email) or by link
      -- (token_hash: single use). Accepting one turns it into a membership.
      CREATE TABLE invitations (
        id         TEXT PRIMARY KEY,
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        email      TEXT COLLATE NOCASE,
        token_hash TEXT UNIQUE,
        role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
        invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        CHECK ((email IS NULL) <> (token_hash IS NULL))
      );
      CREATE UNIQUE INDEX invitations_board_email ON invitations(board_id, email) WHERE email IS NOT NULL;
      CREATE INDEX invitations_email ON invitations(email);

      -- Sign-in and sign-up throttling, shared by every process on this database.
      -- key: 'login:<address>' | 'login:<address>|<email>' | 'signup:<address>'.
      CREATE TABLE auth_attempts (
        key      TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_at  INTEGER NOT NULL
      );
      CREATE INDEX auth_attempts_last ON auth_attempts(last_at);
    `,
  },
  {
    id: 5,
    name: '005_webhooks_idempotency',
    sql: `
      -- First answers of POSTs sent with an Idempotency-Key (kept a day).
      CREATE TABLE idempotency_keys (
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        key        TEXT NOT NULL,
        status     INTEGER NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (board_id, user_id, key)
      );
      CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

      CREATE TABLE webhooks (
        id                   TEXT PRIMARY KEY,
        board_id             TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        url                  TEXT NOT NULL,
        events               TEXT NOT NULL,
        secret               TEXT NOT NULL,
        created_by           TEXT NOT NULL,
        created_at           TEXT NOT NULL,
        disabled_at          TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX webhooks_board ON webhooks(board_id);

      -- One row per (webhook, event); seq gives the order deliveries go out in.
      CREATE TABLE webhook_deliveries (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_id        TEXT NOT NULL,
        event_type      TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        status_code     INTEGER,
        last_error      TEXT,
        next_attempt_at TEXT,
        created_at      TEXT NOT NULL
      );
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(webhook_id, status, seq);
    `,
  },
  {
    id: 6,
    name: '006_watches_notifications',
    sql: `
      -- A person's watch choices: one deal, or every deal of the board (deal_id = '').
      CREATE TABLE watches (
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        deal_id    TEXT NOT NULL,
        watching   INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, board_id, deal_id)
      );
      CREATE INDEX watches_deal ON watches(board_id, deal_id);

      CREATE TABLE notifications (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        deal_id    TEXT,
        kind       TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        at         TEXT NOT NULL,
        summary    TEXT NOT NULL,
        excerpt    TEXT,
        read_at    TEXT
      );
      CREATE INDEX notifications_user ON notifications(user_id, seq);

      CREATE TABLE notification_prefs (
        user_id  TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        settings TEXT,
        seen_at  TEXT
      );
    `,
  },
  {
    id: 7,
    name: '007_snapshot_times',
    sql: `
      -- History: every snapshot is kept with the time of the last update it folds in, so the
      -- board at a moment is one indexed lookup plus the log after it (store/sqlite/history.ts).
      ALTER TABLE doc_snapshots ADD COLUMN upto_at TEXT;
      UPDATE doc_snapshots SET upto_at = (
        SELECT u.at FROM doc_updates u WHERE u.board_id = doc_snapshots.board_id AND u.seq = doc_snapshots.upto_seq
      );
      CREATE TRIGGER doc_snapshots_upto_at AFTER INSERT ON doc_snapshots BEGIN
        UPDATE doc_snapshots SET upto_at = (SELECT u.at FROM doc_updates u WHERE u.board_id = NEW.board_id AND u.seq = NEW.upto_seq)
        WHERE board_id = NEW.board_id AND upto_seq = NEW.upto_seq;
      END;
      CREATE INDEX doc_snapshots_board_upto_at ON doc_snapshots(board_id, upto_at);
    `,
  },
  {
    id: 8,
    name: '008_imports',
    sql: `
      -- Confirmed CSV imports: what undoing each one puts back (JSON, see shared/src/import/undo.ts).
      CREATE TABLE imports (
        id        TEXT PRIMARY KEY,
        board_id  TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id   TEXT NOT NULL,
        at        TEXT NOT NULL,
        undo      TEXT NOT NULL,
        undone_at TEXT
      );
      CREATE INDEX imports_board ON imports(board_id);
    `,
  },
  {
    id: 9,
    name: '009_history_snapshots',
    sql: `
      -- History: each snapshot may also keep its history form (server/src/history/historySnapshot.ts),
      -- the same state without overwritten values, which a past moment decodes several times faster.
      ALTER TABLE doc_snapshots ADD COLUMN history_state BLOB;
      -- The log after a snapshot up to a moment is scanned in this index (sqlite/history.ts): rows past the moment are never read.
      CREATE INDEX doc_updates_board_seq_at ON doc_updates(board_id, seq, at);
    `,
  },
  {
    id: 10,
    name: '010_snapshot_log_bytes',
    sql: `
      -- Snapshots are thinned (store/snapshotRetention.ts), weighing the log between them: each
      -- snapshot's bytes of log up to its seq, kept beside it (never summed over the log again;
      -- a column of doc_snapshots would sit after its blobs). Filled here for existing snapshots.
      CREATE TABLE snapshot_log_bytes (
        board_id  TEXT NOT NULL,
        upto_seq  INTEGER NOT NULL,
        log_bytes INTEGER NOT NULL,
        PRIMARY KEY (board_id, upto_seq),
        FOREIGN KEY (board_id, upto_seq) REFERENCES doc_snapshots(board_id, upto_seq) ON DELETE CASCADE
      );
      INSERT INTO snapshot_log_bytes (board_id, upto_seq, log_bytes)
      SELECT board_id, upto_seq, SUM(bytes) OVER (PARTITION BY board_id ORDER BY upto_seq) FROM (
        SELECT r.board_id, r.upto_seq, (
          SELECT COALESCE(SUM(length(u."update")), 0) FROM doc_updates u WHERE u.board_id = r.board_id AND u.seq > r.from_seq AND u.seq <= r.upto_seq
        ) AS bytes
        FROM (SELECT board_id, upto_seq, LAG(upto_seq, 1, 0) OVER (PARTITION BY board_id ORDER BY upto_seq) AS from_seq FROM doc_snapshots) r
      );
    `,
  },
];

/**
 * Brings the schema up to date. Returns true when the database was new (nothing had
 * been applied before), which is what DEMO=auto keys on.
 */
export function migrate(db: Database.Database, now: () => string): { fresh: boolean; applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const done = new Set((db.prepare('SELECT id FROM migrations').all() as { id: number }[]).map((row) => row.id));
  const fresh = done.size === 0;
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (done.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, now());
    }).immediate();
    applied.push(migration.name);
  }
  return { fresh, applied };
}
