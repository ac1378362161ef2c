/**
 * Numbered schema migrations for the PostgreSQL store. Append new ones; never edit one
 * that has shipped. All pending ones run in ONE transaction under a transaction-level
 * advisory lock, so processes starting at once migrate exactly once (and a session-level
 * lock, which breaks behind a transaction-pooling proxy, is never needed).
 *
 * Text columns that are sorted or compared use COLLATE "C" (byte order), as SQLite does,
 * so both stores order ids and ISO timestamps the same way.
 */
import type { PoolClient } from 'pg';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: '001_init',
    sql: `
      CREATE TABLE users (
        id            text COLLATE "C" PRIMARY KEY,
        email         text NOT NULL UNIQUE,
        name          text NOT NULL,
        password_hash text NOT NULL,
        created_at    text COLLATE "C" NOT NULL
      );

      -- Only a SHA-256 hash of the session id is kept.
      CREATE TABLE sessions (
        id_hash    text PRIMARY KEY,
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE INDEX sessions_expiry ON sessions(expires_at);

      CREATE TABLE api_tokens (
        ord        bigint GENERATED ALWAYS AS IDENTITY,
        id         text PRIMARY KEY,
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name       text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX api_tokens_user ON api_tokens(user_id);

      CREATE TABLE boards (
        id         text COLLATE "C" PRIMARY KEY,
        name       text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL
      );

      -- The head of each board's log, locked FOR UPDATE by every append: seqs are
      -- gapless and their order is the commit order (a sequence or bigserial is not).
      CREATE TABLE board_heads (
        board_id     text PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
        last_seq     bigint NOT NULL DEFAULT 0,
        state_vector bytea NOT NULL
      );

      CREATE TABLE memberships (
        ord        bigint GENERATED ALWAYS AS IDENTITY,
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role       text NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
        created_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (board_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships(user_id);

      -- The document log: kept for history, removed only with its board.
      CREATE TABLE doc_updates (
        board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        seq      bigint NOT NULL,
        "update" bytea NOT NULL,
        user_id  text,
        at       text COLLATE "C" NOT NULL,
        PRIMARY KEY (board_id, seq)
      );

      CREATE TABLE doc_snapshots (
        board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        upto_seq bigint NOT NULL,
        state    bytea NOT NULL,
        at       text COLLATE "C" NOT NULL,
        PRIMARY KEY (board_id, upto_seq)
      );

      -- seq breaks ties between events with the same time (insertion order); it orders
      -- activity pages only, never the document log.
      CREATE TABLE activity (
        seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id         text NOT NULL UNIQUE,
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        at         text COLLATE "C" NOT NULL,
        actor_id   text NOT NULL,
        actor_name text NOT NULL,
        type       text NOT NULL,
        deal_id    text,
        summary    text NOT NULL,
        data       text NOT NULL
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
        board_id  text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        user_id   text NOT NULL,
        PRIMARY KEY (board_id, client_id)
      );
    `,
  },
  {
    id: 3,
    name: '003_account_hardening',
    sql: `
      -- Sessions get a public id (to list and revoke them), a last-seen time (idle timeout)
      -- and the browser that opened them; ord breaks ties in listings.
      ALTER TABLE sessions ADD COLUMN id text;
      ALTER TABLE sessions ADD COLUMN last_seen_at text COLLATE "C";
      ALTER TABLE sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';
      ALTER TABLE sessions ADD COLUMN ord bigint GENERATED ALWAYS AS IDENTITY;
      UPDATE sessions SET id = left(replace(gen_random_uuid()::text, '-', ''), 24), last_seen_at = created_at;
      CREATE UNIQUE INDEX sessions_public_id ON sessions(id);

      -- API tokens: read or write, optionally one board, optionally expiring; last use shown.
      ALTER TABLE api_tokens ADD COLUMN access text NOT NULL DEFAULT 'write' CHECK (access IN ('read', 'write'));
      ALTER TABLE api_tokens ADD COLUMN board_id text REFERENCES boards(id) ON DELETE CASCADE;
      ALTER TABLE api_tokens ADD COLUMN expires_at text COLLATE "C";
      ALTER TABLE api_tokens ADD COLUMN last_used_at text COLLATE "C";

      -- Pending invitations: by email (claimed by the account with that email) or by link
      -- (token_hash: single use). Accepting one turns it into a membership. Emails are
      -- stored lowercased (as users' are).
      CREATE TABLE invitations (
        ord        bigint GENERATED ALWAYS AS IDENTITY,
        id         text PRIMARY KEY,
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        email      text,
        token_hash text UNIQUE,
        role       text NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
        invited_by text REFERENCES users(id) ON DELETE SET NULL,
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C",
        CHECK ((email IS NULL) <> (token_hash IS NULL))
      );
      CREATE UNIQUE INDEX invitations_board_email ON invitations(board_id, email) WHERE email IS NOT NULL;
      CREATE INDEX invitations_email ON invitations(email);

      -- Sign-in and sign-up throttling, shared by every process on this database.
      -- key: 'login:<address>' | 'login:<address>|<email>' | 'signup:<address>'.
      CREATE TABLE auth_attempts (
        key      text PRIMARY KEY,
        failures integer NOT NULL,
        last_at  bigint NOT NULL
      );
      CREATE INDEX auth_attempts_last ON auth_attempts(last_at);
    `,
  },
  {
    id: 4,
    name: '004_webhooks_idempotency',
    sql: `
      -- First answers of POSTs sent with an Idempotency-Key (kept a day).
      CREATE TABLE idempotency_keys (
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id    text NOT NULL,
        key        text NOT NULL,
        status     integer NOT NULL,
        body       text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (board_id, user_id, key)
      );
      CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

      CREATE TABLE webhooks (
        id                   text COLLATE "C" PRIMARY KEY,
        board_id             text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        url                  text NOT NULL,
        events               text NOT NULL,
        secret               text NOT NULL,
        created_by           text NOT NULL,
        created_at           text COLLATE "C" NOT NULL,
        disabled_at          text COLLATE "C",
        consecutive_failures integer NOT NULL DEFAULT 0
      );
      CREATE INDEX webhooks_board ON webhooks(board_id);

      -- One row per (webhook, event); seq gives the order deliveries go out in.
      CREATE TABLE webhook_deliveries (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id              text NOT NULL UNIQUE,
        webhook_id      text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_id        text NOT NULL,
        event_type      text NOT NULL,
        payload         text NOT NULL,
        status          text NOT NULL,
        attempts        integer NOT NULL DEFAULT 0,
        status_code     integer,
        last_error      text,
        next_attempt_at text COLLATE "C",
        created_at      text COLLATE "C" NOT NULL
      );
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(webhook_id, status, seq);
    `,
  },
  {
    id: 5,
    name: '005_watches_notifications',
    sql: `
      -- A person's watch choices: one deal, or every deal of the board (deal_id = '').
      CREATE TABLE watches (
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        deal_id    text COLLATE "C" NOT NULL,
        watching   boolean NOT NULL,
        updated_at text NOT NULL,
        PRIMARY KEY (user_id, board_id, deal_id)
      );
      CREATE INDEX watches_deal ON watches(board_id, deal_id);

      CREATE TABLE notifications (
        seq        bigserial PRIMARY KEY,
        id         text NOT NULL UNIQUE,
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        board_id   text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        deal_id    text,
        kind       text NOT NULL,
        actor_id   text NOT NULL,
        actor_name text NOT NULL,
        at         text COLLATE "C" NOT NULL,
        summary    text NOT NULL,
        excerpt    text,
        read_at    text
      );
      CREATE INDEX notifications_user ON notifications(user_id, seq);

      CREATE TABLE notification_prefs (
        user_id  text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        settings text,
        seen_at  text
      );
    `,
  },
  {
    id: 6,
    name: '006_snapshot_times',
    sql: `
      -- History: every snapshot is kept with the time of the last update it folds in, so the
      -- board at a moment is one indexed lookup plus the log after it (postgres/history.ts).
      ALTER TABLE doc_snapshots ADD COLUMN upto_at text COLLATE "C";
      UPDATE doc_snapshots s SET upto_at = u.at FROM doc_updates u WHERE u.board_id = s.board_id AND u.seq = s.upto_seq;
      CREATE FUNCTION doc_snapshots_upto_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.upto_at := (SELECT u.at FROM doc_updates u WHERE u.board_id = NEW.board_id AND u.seq = NEW.upto_seq);
        RETURN NEW;
      END $$;
      CREATE TRIGGER doc_snapshots_upto_at BEFORE INSERT OR UPDATE ON doc_snapshots
        FOR EACH ROW EXECUTE FUNCTION doc_snapshots_upto_at();
      CREATE INDEX doc_snapshots_board_upto_at ON doc_snapshots(board_id, upto_at);
    `,
  },
  {
    id: 7,
    name: '007_imports',
    sql: `
      -- Confirmed CSV imports: what undoing each one puts back (JSON, see shared/src/import/undo.ts).
      CREATE TABLE imports (
        id        text COLLATE "C" PRIMARY KEY,
        board_id  text COLLATE "C" NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        user_id   text COLLATE "C" NOT NULL,
        at        text COLLATE "C" NOT NULL,
        undo      text NOT NULL,
        undone_at text
      );
      CREATE INDEX imports_board ON imports(board_id);
    `,
  },
  {
    id: 8,
    name: '008_history_snapshots',
    sql: `
      -- History: each snapshot may also keep its history form (server/src/history/historySnapshot.ts),
      -- the same state without overwritten values, which a past moment decodes several times faster.
      ALTER TABLE doc_snapshots ADD COLUMN history_state bytea;
    `,
  },
  {
    id: 9,
    name: '009_snapshot_log_bytes',
    sql: `
      -- Snapshots are thinned (store/snapshotRetention.ts), weighing the log between them: each
      -- snapshot's bytes of log up to its seq, kept beside it (never summed over the log again).
      -- Existing snapshots get theirs at their board's next snapshot write (postgres/snapshots.ts):
      -- summed here, the whole log would be read while this transaction blocks every snapshot
      -- write (the foreign key locks doc_snapshots) and every process's start (the migration lock).
      CREATE TABLE snapshot_log_bytes (
        board_id  text NOT NULL,
        upto_seq  bigint NOT NULL,
        log_bytes bigint NOT NULL,
        PRIMARY KEY (board_id, upto_seq),
        FOREIGN KEY (board_id, upto_seq) REFERENCES doc_snapshots(board_id, upto_seq) ON DELETE CASCADE
      );
    `,
  },
  {
    id: 10,
    name: '010_head_last_at',
    sql: `
      -- The time of the board's last logged update, beside its last seq: an append reads it with
      -- the head row it locks (store/commitTimes.ts), not in a statement of its own. One index
      -- lookup per board.
      ALTER TABLE board_heads ADD COLUMN last_at text COLLATE "C";
      UPDATE board_heads h SET last_at = u.at FROM doc_updates u WHERE u.board_id = h.board_id AND u.seq = h.last_seq;
    `,
  },
];

/** Two-key advisory lock id for migrations ("tranche", "migrate"). */
const MIGRATION_LOCK = [0x7472_616e, 0x6d69_6772] as const;

/**
 * Brings the schema up to date on `client` (inside its own transaction). Returns true
 * when the database was new (no migration had been applied), which DEMO=auto keys on.
 */
export async function migratePostgres(client: PoolClient, now: () => string): Promise<{ fresh: boolean; applied: string[] }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS migrations (
      id         integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at text NOT NULL
    )`);
    const done = new Set((await client.query<{ id: number }>('SELECT id FROM migrations')).rows.map((row) => row.id));
    const applied: string[] = [];
    for (const migration of PG_MIGRATIONS) {
      if (done.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, now()]);
      applied.push(migration.name);
    }
    await client.query('COMMIT');
    return { fresh: done.size === 0, applied };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
