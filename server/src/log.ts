/**
 * The one logger: JSON lines (pino) on stderr, one object per event with where, what, and
 * the fields that explain why. Lines written while serving an HTTP request also carry its
 * request id and, once known, the user and board (see `requestLogContext`, `annotateLog`).
 * stdout stays for what people read (the ready line, the demo password), never logged.
 *
 * Quiet under tests (errors only) unless TRANCHE_LOG is set, so test output stays readable.
 *
 * @example log.warn('sync', 'dropped an update from a read-only connection', { boardId, userId });
 * // {"level":"warn","time":"…","where":"sync","boardId":"…","userId":"…","msg":"dropped an update…"}
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { pino, type Level, type LevelWithSilent } from 'pino';

/** What every line written in the current request carries. */
export interface LogContext {
  reqId?: string;
  userId?: string;
  boardId?: string;
}

const context = new AsyncLocalStorage<LogContext>();
const quietUnderTests = process.env.VITEST !== undefined && process.env.TRANCHE_LOG === undefined;
let chosenLevel: LevelWithSilent = 'info';

const lineListeners = new Set<(line: string) => void>();

/** Every line goes to stderr, synchronously (nothing is lost on a crash), and to listeners. */
const destination = {
  write(line: string): void {
    fs.writeSync(2, line);
    for (const listener of lineListeners) listener(line);
  },
};

/**
 * Calls `listener` with each JSON line written from now on (a log shipper, or a test that
 * checks what was logged); returns the function that stops it.
 */
export function onLogLine(listener: (line: string) => void): () => void {
  lineListeners.add(listener);
  return () => lineListeners.delete(listener);
}
const options = {
  level: quietUnderTests ? 'error' : chosenLevel,
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
};

/** The pino instance behind `log`: every line carries the current request's context. */
export const logger = pino({ ...options, mixin: () => ({ ...context.getStore() }) }, destination);
/** The access log (pino-http), which binds the request's context itself. */
export const accessLogger = pino(options, destination);

/** Sets the least severe level written (LOG_LEVEL; read by the entry). */
export function setLogLevel(level: LevelWithSilent): void {
  chosenLevel = level;
  logger.level = level;
  accessLogger.level = level;
}

/** Turns info and warnings on or off (errors are always written). */
export function setLogging(on: boolean): void {
  logger.level = on ? chosenLevel : 'error';
  accessLogger.level = logger.level;
}

/** Runs `fn` (and everything it starts) with `fields` on every line it logs. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...fields }, fn);
}

/** Adds fields to the current context (e.g. the user once a request is authenticated). */
export function annotateLog(fields: LogContext): void {
  const current = context.getStore();
  if (current) Object.assign(current, fields);
}

/** The current context (the access log reads it when a request ends). */
export function currentLogContext(): LogContext | undefined {
  return context.getStore();
}

function write(level: Level, where: string, message: string, fields?: Record<string, unknown>): void {
  logger[level]({ where, ...fields }, message);
}

export const log = {
  info: (where: string, message: string, fields?: Record<string, unknown>) => write('info', where, message, fields),
  warn: (where: string, message: string, fields?: Record<string, unknown>) => write('warn', where, message, fields),
  error: (where: string, message: string, fields?: Record<string, unknown>) => write('error', where, message, fields),
};
