/**
 * Which store the tests run on. The `sqlite` vitest project uses the embedded SQLite in a
 * temp DATA_DIR; the `pg` project (STORE=pg) gives every temp DATA_DIR a PostgreSQL
 * database of its own on the run's server, so the same tests run on both stores.
 *
 * @example
 * const dataDir = await tempDir();
 * const store = await openTestStore(dataDir); // SQLite in dataDir, or its PostgreSQL database
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { createStore } from '../../server/src/store/index';
import type { Store } from '../../server/src/store/Store';
import { DB_FILE } from '../../server/src/store/sqlite/SqliteStore';

export type StoreKind = 'sqlite' | 'pg';

/** The store this test process runs on. */
export const STORE_KIND: StoreKind = process.env.STORE === 'pg' ? 'pg' : 'sqlite';

let admin: pg.Pool | null = null;
function adminPool(): pg.Pool {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error('STORE=pg needs the pg test project (its globalSetup starts PostgreSQL)');
  admin ??= new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
  return admin;
}

/** A URL on the run's PostgreSQL server with `database` in place of the admin database. */
export function databaseUrl(database: string): string {
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** The database that stands for a DATA_DIR (same directory, same database: restarts reuse it). */
export function databaseNameFor(dataDir: string): string {
  return `t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

/** Creates the database for `dataDir` when it does not exist yet; returns its URL. */
export async function ensureDatabase(dataDir: string): Promise<string> {
  const name = databaseNameFor(dataDir);
  const pool = adminPool();
  const exists = await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) {
    // FILE_COPY (PostgreSQL 15+) is the faster way to copy the tiny template with fsync off.
    const version = Number((await pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v);
    await pool.query(`CREATE DATABASE "${name}"${version >= 150_000 ? ' STRATEGY FILE_COPY' : ''}`);
  }
  return databaseUrl(name);
}

/** Drops the database for `dataDir` (closing whatever still holds it). */
export async function dropDatabase(dataDir: string): Promise<void> {
  await adminPool().query(`DROP DATABASE IF EXISTS "${databaseNameFor(dataDir)}" WITH (FORCE)`);
}

/** DATABASE_URL for a server on `dataDir` under STORE=pg, else nothing (SQLite in dataDir). */
export async function storeConfigFor(dataDir: string): Promise<{ databaseUrl?: string }> {
  return STORE_KIND === 'pg' ? { databaseUrl: await ensureDatabase(dataDir) } : {};
}

/** Removes what `storeConfigFor(dataDir)` created (the directory itself is the caller's). */
export async function removeStoreFor(dataDir: string): Promise<void> {
  if (STORE_KIND === 'pg') await dropDatabase(dataDir);
}

/** Opens the test store for `dataDir` (its migrations applied). */
export async function openTestStore(dataDir: string): Promise<Store> {
  return createStore({ dataDir, sqliteBusyTimeoutMs: 1_000, ...(await storeConfigFor(dataDir)) });
}

/** Runs one read-only query on the raw database behind `dataDir` (SQLite file or PostgreSQL database). */
export async function rawQuery<T>(dataDir: string, sql: { sqlite: string; pg: string }): Promise<T[]> {
  if (STORE_KIND === 'pg') {
    const client = new pg.Client({ connectionString: databaseUrl(databaseNameFor(dataDir)) });
    await client.connect();
    try {
      return (await client.query(sql.pg)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return db.prepare(sql.sqlite).all() as T[];
  } finally {
    db.close();
  }
}

/** Runs statements that change the raw database behind `dataDir` (to set up an older schema's data). */
export async function rawExec(dataDir: string, sql: { sqlite: string; pg: string }): Promise<void> {
  if (STORE_KIND === 'pg') {
    const client = new pg.Client({ connectionString: databaseUrl(databaseNameFor(dataDir)) });
    await client.connect();
    try {
      await client.query(sql.pg);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(path.join(dataDir, DB_FILE));
  try {
    db.exec(sql.sqlite);
  } finally {
    db.close();
  }
}

/** Rows in `table` of the database behind `dataDir`. */
export async function countRows(dataDir: string, table: string): Promise<number> {
  const sql = `SELECT COUNT(*)::int AS n FROM ${table}`;
  const rows = await rawQuery<{ n: number }>(dataDir, { sqlite: sql.replace('::int', ''), pg: sql });
  return rows[0]?.n ?? 0;
}

/** Makes the next commits of the server on `dataDir` fail until `release()`, on either store. */
export interface WriteBlocker {
  block(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQLite: another connection holds the write lock (with a short busy timeout on the
 * server, its commits fail). PostgreSQL: a trigger refuses every insert into the log.
 */
export async function writeBlocker(dataDir: string): Promise<WriteBlocker> {
  if (STORE_KIND === 'pg') {
    const client = new pg.Client({ connectionString: databaseUrl(databaseNameFor(dataDir)) });
    await client.connect();
    return {
      async block() {
        await client.query(`CREATE OR REPLACE FUNCTION test_refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'writes refused by the test'; END $$`);
        await client.query('CREATE TRIGGER test_refuse_writes BEFORE INSERT ON doc_updates EXECUTE FUNCTION test_refuse_writes()');
      },
      async release() {
        await client.query('DROP TRIGGER IF EXISTS test_refuse_writes ON doc_updates');
      },
      async close() {
        await client.query('DROP TRIGGER IF EXISTS test_refuse_writes ON doc_updates').catch(() => undefined);
        await client.end();
      },
    };
  }
  const db = new Database(path.join(dataDir, DB_FILE));
  return {
    async block() {
      db.exec('BEGIN IMMEDIATE');
    },
    async release() {
      db.exec('COMMIT');
    },
    async close() {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
