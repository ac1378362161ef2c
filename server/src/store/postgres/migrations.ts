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
    name: '003_snapshot_times',
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
