/**
 * The bounded pg pool and what keeps a lost connection from ending the process.
 *
 * pg reports a connection the server dropped (restart, failover, pg_terminate_backend)
 * as an 'error' event: on the pool for an idle client, on the client itself while it is
 * checked out. An EventEmitter 'error' with no listener throws, so both get one; the
 * caller of a query still sees the error as a rejection, and a broken client is
 * discarded when it is released with that error.
 */
import pg from 'pg';
import { StoreError } from '../errors';
import { log } from '../../log';

export interface PoolOptions {
  connectionString: string;
  /** At most this many connections (a bounded pool). */
  max: number;
  /** Give up connecting after this long (PostgreSQL down answers 503 instead of hanging). */
  connectionTimeoutMs: number;
}

/** int8 (bigint) as a JS number: seqs stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createPool(options: PoolOptions, isClosing: () => boolean): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types,
  });
  const report = (err: Error & { code?: string }): void => {
    if (isClosing()) return;
    // Never log the error object itself: pg-pool may attach the client, whose
    // connection parameters hold the password.
    log.warn('store.pg', 'PostgreSQL connection lost', { code: err.code, error: err.message });
  };
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** SQLSTATE classes and codes that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53400',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENETUNREACH',
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|not queryable|connection (?:ended|closed)|Cannot use a pool after calling end/i;

/** True when `err` says PostgreSQL cannot be reached (as opposed to a bad statement). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return !(err instanceof pg.DatabaseError) && UNAVAILABLE_MESSAGE.test(err.message);
}

/** A connection error as StoreError('unavailable'); anything else unchanged. */
export function asStoreError(err: unknown): unknown {
  if (err instanceof StoreError || !isConnectionError(err)) return err;
  // The code, not the message: a message may name the database host, and this one can
  // reach unauthenticated callers (GET /api/ready).
  const code = (err as { code?: unknown }).code;
  return new StoreError('unavailable', `PostgreSQL is unreachable (${typeof code === 'string' ? code : 'connection lost'})`);
}
