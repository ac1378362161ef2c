/**
 * One-line structured logs: where, what, and the fields that explain why.
 * Quiet under tests unless TRANCHE_LOG is set, so test output stays readable.
 */
type Level = 'info' | 'warn' | 'error';

let enabled = process.env.VITEST === undefined || process.env.TRANCHE_LOG !== undefined;

export function setLogging(on: boolean): void {
  enabled = on;
}

function write(level: Level, where: string, message: string, fields?: Record<string, unknown>): void {
  if (!enabled && level !== 'error') return;
  const suffix = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
  const line = `[${new Date().toISOString()}] ${level} ${where}: ${message}${suffix}`;
  if (level === 'info') console.log(line);
  else console.error(line);
}

export const log = {
  info: (where: string, message: string, fields?: Record<string, unknown>) => write('info', where, message, fields),
  warn: (where: string, message: string, fields?: Record<string, unknown>) => write('warn', where, message, fields),
  error: (where: string, message: string, fields?: Record<string, unknown>) => write('error', where, message, fields),
};
