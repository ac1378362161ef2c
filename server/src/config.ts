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

export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** Bind address; `0.0.0.0` to serve a team. */
  host: string;
  /** Where the SQLite database (`tranche.db`) lives. */
  dataDir: string;
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
  /** Largest Yjs WebSocket frame accepted. */
  maxFrameBytes: number;
  /** Largest JSON request body. */
  jsonLimitBytes: number;
  /** Fold the update log into a snapshot after this many updates since the last one. */
  compactEvery: number;
  /** Typing in a deal's title or notes becomes one activity event per this quiet period. */
  activityQuietMs: number;

  /** Cost of new password hashes (old hashes verify with the parameters stored in them). */
  scrypt: ScryptParams;
  /** At most this many scrypt computations run at once (each takes ~128 MiB at OWASP cost). */
  hashConcurrency: number;
  /** Session lifetime. */
  sessionTtlMs: number;
  /** Failed logins for one email from one address before answering 429. */
  loginMaxFailures: number;
  /** How long the 429 lasts (and the window the failures are counted in). */
  loginLockMs: number;
  /** SQLite busy_timeout. */
  sqliteBusyTimeoutMs: number;

  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** Least severe log level written (pino: trace, debug, info, warn, error, fatal, silent). */
  logLevel: string;
}

const MiB = 1024 * 1024;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Every default in one place. */
export const defaultConfig: Config = Object.freeze({
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  publicOrigin: undefined,
  demo: 'auto',
  clientDir: path.join(repoRoot, 'dist', 'client'),

  roomIdleMs: 30_000,
  maxFrameBytes: 10 * MiB,
  jsonLimitBytes: 1 * MiB,
  compactEvery: 500,
  activityQuietMs: 10_000,

  scrypt: OWASP_SCRYPT,
  hashConcurrency: 2,
  sessionTtlMs: 30 * DAY,
  loginMaxFailures: 10,
  loginLockMs: 15 * MINUTE,
  sqliteBusyTimeoutMs: 5_000,

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
 * Reads the documented environment (PORT, HOST, DATA_DIR, PUBLIC_ORIGIN, DEMO, METRICS_TOKEN,
 * LOG_LEVEL).
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
    publicOrigin,
    demo: parseDemo(env.DEMO),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  });
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

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function parseLogLevel(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return defaultConfig.logLevel;
  const v = value.trim().toLowerCase();
  if (!LOG_LEVELS.includes(v)) throw new Error(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return v;
}
