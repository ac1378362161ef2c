/**
 * How the PostgreSQL store talks to its pool: single statements and transactions, with
 * connection failures turned into StoreError('unavailable') and a broken connection
 * discarded instead of returned to the pool.
 */
import type pg from 'pg';
import { asStoreError, isConnectionError } from './pool';
import { StoreError, isStoreError } from '../errors';

/** What a statement can run on: the pool or a transaction's client. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

export class PgDatabase {
  constructor(private readonly pool: pg.Pool) {}

  async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(sql, params);
    } catch (err) {
      throw asStoreError(err);
    }
  }

  async rows<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async one<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T | null> {
    return ((await this.query(sql, params)).rows[0] as T | undefined) ?? null;
  }

  /** Runs `work` in one transaction on one pooled connection. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw notCommitted(asStoreError(err));
    }
    let broken: Error | undefined;
    let commitSent = false;
    try {
      // Every transaction waits for its WAL flush, whatever the server's default; SET LOCAL
      // (not a startup option) also works behind a transaction-pooling proxy.
      await client.query('BEGIN; SET LOCAL synchronous_commit = on');
      const result = await work(client);
      commitSent = true;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      const error = asStoreError(err);
      // Lost before COMMIT left: PostgreSQL rolls the transaction back, so it may be tried again as is.
      throw commitSent ? error : notCommitted(error);
    } finally {
      client.release(broken);
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

/** A connection failure before anything was committed, marked as such (see StoreError.notCommitted). */
function notCommitted(error: unknown): unknown {
  return isStoreError(error, 'unavailable') ? new StoreError('unavailable', error.message, true) : error;
}

/** True when `err` carries this SQLSTATE (e.g. '23505' unique violation). */
export function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
