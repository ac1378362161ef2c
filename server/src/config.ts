/**
 * Server configuration: ONE defaults object, a `Config` type, and `loadConfig(env)`
 * for the entry files. Nothing else reads `process.env`; tests pass a `Partial<Config>`
 * straight to `createServer`.
 */
import path from 'node:path';
import { repoRoot } from './repoRoot';

/** scrypt cost parameters (see auth/passwords). */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
  /** Derived key length in bytes. */
  keyLen: number;
}

/** OWASP's recommended scrypt parameters: N=2^17, r=8, p=1 (about 128 MiB per hash). */
export const OWASP_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1, keyLen: 32 });

/** A token bucket: up to `burst` at once, refilled at `perSecond`. */
export interface Budget {
  burst: number;
  perSecond: number;
}

/**
 * What one connection, user or board may cost the server (the sync layer's limits). A
 * slow or hostile client is closed, never allowed to grow the server's memory.
 */
export interface SyncLimits {
  /** A board's document may grow to this size; writes beyond it are refused (close 4413). */
  maxDocBytes: number;
  /** The largest single document update (well below maxFrameBytes). */
  maxUpdateBytes: number;
  /** Write budgets, per connection and per user: bytes of updates and number of updates. */
  connectionWriteBytes: Budget;
  connectionWrites: Budget;
  userWriteBytes: Budget;
  userWrites: Budget;
  /** Sync requests (step 1) per connection, and per user across connections. */
  syncRequests: Budget;
  userSyncRequests: Budget;
  /**
   * A socket is cut once more than this, plus queueBoardFactor times the board's size, waits
   * for it (one full state must fit, with the live updates queued behind it).
   */
  queueBaseBytes: number;
  queueBoardFactor: number;
  /**
   * A board at least this large (its encoded state) is sent to a client that has nothing as
   * slices (sync update frames, then a sync step 2), and answered before its room is loaded.
   */
  slicedReplyBytes: number;
  /** Open connections per user and per address, for the Yjs and the Socket.IO endpoint each. */
  maxConnectionsPerUser: number;
  maxConnectionsPerAddress: number;
}

export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** Bind address; `0.0.0.0` to serve a team. */
  host: string;
  /** Where the SQLite database (`tranche.db`) lives. */
  dataDir: string;
  /** `postgres://…`: keep everything in PostgreSQL instead of SQLite (DATA_DIR unused). */
  databaseUrl: string | undefined;
  /** Connections in the PostgreSQL pool. */
  pgPoolMax: number;
  /**
   * `redis://…`: several processes share DATABASE_URL and tell each other of commits and
   * access changes through this Redis (notifications only; PostgreSQL holds the data).
   */
  redisUrl: string | undefined;
  /**
   * The origin browsers use; Origin checks compare against it. When undefined it is
   * `http://<host>:<port>` with the port actually bound (so port 0 works in tests).
   */
  publicOrigin: string | undefined;
  /** Seed the demo user and board: always, never, or 'auto' = only on a new database. */
  demo: boolean | 'auto';
  /** Built client served at `/` (SPA fallback to its index.html). */
  clientDir: string;

  /** A board with no connections is flushed and unloaded after this long. */
  roomIdleMs: number;
  /** With REDIS_URL: how often the committed heads of loaded boards are polled (the fallback to lost notifications). */
  clusterHeadPollMs: number;
  /** With REDIS_URL: how often open connections' sessions, tokens and memberships are read again (revocation while Redis is down). */
  clusterAccessRecheckMs: number;
  /** Largest Yjs WebSocket frame accepted. */
  maxFrameBytes: number;
  /** Largest JSON request body. */
  jsonLimitBytes: number;
  /** Fold the update log into a snapshot after this many updates since the last one. */
  compactEvery: number;
  /** Typing in a deal's title or notes becomes one activity event per this quiet period. */
  activityQuietMs: number;
  /** Away longer than this, a person finds "while you were away" at the top of the inbox. */
  digestAwayMs: number;

  /** Cost of new password hashes (old hashes verify with the parameters stored in them). */
  scrypt: ScryptParams;
  /** At most this many scrypt computations run at once (each takes ~128 MiB at OWASP cost). */
  hashConcurrency: number;
  /** Session lifetime. */
  sessionTtlMs: number;
  /** At most this many more wait for a hashing slot; beyond that sign-ins get 503 at once. */
  hashQueueMax: number;
  /**
   * Password checks in flight per client address; beyond that 429 at once. Below
   * hashConcurrency, so one address never holds every hashing slot.
   */
  hashPerAddress: number;
  /** A session unused this long is signed out (SESSION_IDLE_HOURS). */
  sessionIdleMs: number;
  /** Failed sign-ins for one email from one address before each further one must wait (backoff). */
  loginMaxFailures: number;
  /** The first backoff wait; it doubles with each further attempt. */
  loginBackoffMs: number;
  /** The longest backoff wait; a counter left alone this long starts again. */
  loginLockMs: number;
  /** Sign-in attempts from one address (any email) before backoff. */
  loginMaxPerAddress: number;
  /** Sign-ups from one address before backoff. */
  signupMaxPerAddress: number;
  /** How long an invite link stays valid. */
  inviteLinkTtlMs: number;
  /** How long an email invitation stays valid; inviting the same email again renews it. */
  emailInviteTtlMs: number;
  /**
   * Behind one reverse proxy (TRUST_PROXY=1): take the client address from its
   * X-Forwarded-For, so per-address limits apply per person, not to the proxy.
   */
  trustProxy: boolean;
  /** SQLite busy_timeout. */
  sqliteBusyTimeoutMs: number;
  /** Size, rate and connection limits of the sync layer. */
  sync: SyncLimits;

  /** Hosts webhooks may target although they resolve to loopback/private addresses (WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts: string[];
  /** A webhook receiver gets this long to answer. */
  webhookTimeoutMs: number;
  /** The first retry waits this long; each next one twice as long (at most webhookMaxDelayMs). */
  webhookRetryBaseMs: number;
  webhookMaxDelayMs: number;
  /** A delivery is retried for this long, then given up. */
  webhookRetryForMs: number;
  /** A webhook is disabled after this many failed attempts in a row. */
  webhookMaxFailures: number;

  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** Least severe log level written (pino: trace, debug, info, warn, error, fatal, silent). */
  logLevel: string;
}

const MiB = 1024 * 1024;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const defaultSyncLimits: SyncLimits = Object.freeze({
  maxDocBytes: 50 * MiB,
  maxUpdateBytes: 2 * MiB,
  connectionWriteBytes: { burst: 8 * MiB, perSecond: 1 * MiB },
  // A script may write a few thousand small updates at once (2,000 deals in a loop).
  connectionWrites: { burst: 2_500, perSecond: 100 },
  userWriteBytes: { burst: 16 * MiB, perSecond: 2 * MiB },
  userWrites: { burst: 5_000, perSecond: 200 },
  syncRequests: { burst: 10, perSecond: 1 },
  userSyncRequests: { burst: 60, perSecond: 2 },
  queueBaseBytes: 4 * MiB,
  queueBoardFactor: 1,
  slicedReplyBytes: 1 * MiB,
  maxConnectionsPerUser: 50,
  maxConnectionsPerAddress: 50,
});

/** Every default in one place. */
export const defaultConfig: Config = Object.freeze({
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  databaseUrl: undefined,
  pgPoolMax: 10,
  redisUrl: undefined,
  publicOrigin: undefined,
  demo: 'auto',
  clientDir: path.join(repoRoot, 'dist', 'client'),

  roomIdleMs: 30_000,
  clusterHeadPollMs: 1_000,
  clusterAccessRecheckMs: 3_000,
  maxFrameBytes: 10 * MiB,
  jsonLimitBytes: 1 * MiB,
  compactEvery: 500,
  activityQuietMs: 10_000,
  digestAwayMs: 4 * 60 * 60 * 1_000,

  scrypt: OWASP_SCRYPT,
  hashConcurrency: 2,
  hashQueueMax: 16,
  hashPerAddress: 1,
  sessionTtlMs: 30 * DAY,
  sessionIdleMs: 7 * DAY,
  loginMaxFailures: 5,
  loginBackoffMs: 1_000,
  loginLockMs: 15 * MINUTE,
  loginMaxPerAddress: 30,
  signupMaxPerAddress: 20,
  inviteLinkTtlMs: 7 * DAY,
  emailInviteTtlMs: 30 * DAY,
  trustProxy: false,
  sqliteBusyTimeoutMs: 5_000,
  sync: defaultSyncLimits,

  webhookAllowHosts: [],
  webhookTimeoutMs: 5_000,
  webhookRetryBaseMs: 10_000,
  webhookMaxDelayMs: 60 * MINUTE,
  webhookRetryForMs: DAY,
  webhookMaxFailures: 20,

  metricsToken: undefined,
  logLevel: 'info',
});

/** Defaults filled in, `dataDir` made absolute, `publicOrigin` normalised. */
export function resolveConfig(partial: Partial<Config> = {}): Config {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const config: Config = { ...defaultConfig, ...defined };
  config.dataDir = path.resolve(config.dataDir);
  if (config.publicOrigin !== undefined) config.publicOrigin = normalizeOrigin(config.publicOrigin);
  return config;
}

/**
 * Reads the documented environment (PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_ORIGIN, DEMO,
 * SESSION_IDLE_HOURS, TRUST_PROXY, WEBHOOK_ALLOW_HOSTS, METRICS_TOKEN, LOG_LEVEL, and the limits
 * MAX_BOARD_MB, MAX_CONNECTIONS_PER_USER, MAX_CONNECTIONS_PER_ADDRESS).
 * Throws an Error naming the variable when a value is unusable.
 *
 * @example loadConfig(process.env) // { port: 3000, host: '127.0.0.1', ... }
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const port = env.PORT ? parsePort(env.PORT) : defaultConfig.port;
  const host = env.HOST?.trim() || defaultConfig.host;
  // Default `http://HOST:PORT`; with PORT=0 the port is known only once listening.
  const publicOrigin = env.PUBLIC_ORIGIN?.trim() || (port === 0 ? undefined : `http://${hostForUrl(host)}:${port}`);
  return resolveConfig({
    port,
    host,
    dataDir: env.DATA_DIR?.trim() || defaultConfig.dataDir,
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    redisUrl: parseRedisUrl(env.REDIS_URL, env.DATABASE_URL),
    publicOrigin,
    demo: parseDemo(env.DEMO),
    sync: {
      ...defaultSyncLimits,
      maxDocBytes: parsePositive('MAX_BOARD_MB', env.MAX_BOARD_MB, defaultSyncLimits.maxDocBytes / MiB) * MiB,
      maxConnectionsPerUser: parsePositive('MAX_CONNECTIONS_PER_USER', env.MAX_CONNECTIONS_PER_USER, defaultSyncLimits.maxConnectionsPerUser),
      maxConnectionsPerAddress: parsePositive('MAX_CONNECTIONS_PER_ADDRESS', env.MAX_CONNECTIONS_PER_ADDRESS, defaultSyncLimits.maxConnectionsPerAddress),
    },
    sessionIdleMs: env.SESSION_IDLE_HOURS?.trim() ? parseHours('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS) : undefined,
    trustProxy: env.TRUST_PROXY?.trim() ? parseFlag('TRUST_PROXY', env.TRUST_PROXY) : undefined,
    webhookAllowHosts: (env.WEBHOOK_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  });
}

function parsePositive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: expected a positive number, got "${value}"`);
  return n;
}

/** `scheme://host[:port]` in canonical form (lowercase, default port dropped, no path). */
export function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`PUBLIC_ORIGIN: not a URL: ${origin}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_ORIGIN: must be http(s): ${origin}`);
  }
  return url.origin;
}

/** Wraps an IPv6 literal in brackets for use in a URL. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function parseFlag(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name}: expected 1 or 0, got "${value}"`);
}

function parseHours(name: string, value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error(`${name}: expected a positive number of hours, got "${value}"`);
  return hours * 60 * MINUTE;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT: expected an integer 0..65535, got "${value}"`);
  }
  return port;
}

function parseDemo(value: string | undefined): boolean | 'auto' {
  if (value === undefined || value.trim() === '') return 'auto';
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`DEMO: expected 1 or 0, got "${value}"`);
}

function parseRedisUrl(value: string | undefined, databaseUrl: string | undefined): string | undefined {
  const url = value?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw new Error('REDIS_URL: expected redis://host:port');
  if (!databaseUrl?.trim()) throw new Error('REDIS_URL: several processes need one database; set DATABASE_URL too');
  return url;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  const url = value?.trim();
  if (!url) return undefined;
  if (!/^postgres(?:ql)?:\/\//.test(url)) throw new Error('DATABASE_URL: expected postgres://user:password@host:port/database');
  return url;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function parseLogLevel(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return defaultConfig.logLevel;
  const v = value.trim().toLowerCase();
  if (!LOG_LEVELS.includes(v)) throw new Error(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return v;
}
