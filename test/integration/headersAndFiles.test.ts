/**
 * Issue 8.7 and 8.13: security headers on every response (HSTS only over https), no
 * public source maps, DATA_DIR 0700 and the database 0600, and the demo password never
 * in the server's logs or files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onLogLine, setLogging } from '../../server/src/log';
import { DB_FILE } from '../../server/src/store/sqlite/SqliteStore';
import { startServer, tempDir, type StartedServer } from '../helpers/startServer';

const started: StartedServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  setLogging(process.env.TRANCHE_LOG !== undefined);
  for (const s of started.splice(0)) await s.close();
});

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<StartedServer> {
  const server = await startServer(options);
  started.push(server);
  return server;
}

describe('security headers', () => {
  it('sends CSP, Permissions-Policy, COOP and CORP on the app and the API, and no HSTS over http', async () => {
    const server = await start();
    for (const url of ['/', '/api/health', '/api/nope']) {
      const res = await fetch(server.url + url);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("script-src 'self'");
      expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toMatch(/unsafe-(inline|eval)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends HSTS when PUBLIC_ORIGIN is https', async () => {
    const server = await start({ publicOrigin: 'https://deals.example.com' });
    const res = await fetch(`${server.url}/api/health`);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    expect(res.headers.get('content-security-policy')).toContain('wss://deals.example.com');
  });

  it('publishes no source maps', async () => {
    const server = await start();
    const assets = path.join(server.server.config.clientDir, 'assets');
    const files = fs.readdirSync(assets);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(assets, file), 'utf8'), file).not.toContain('sourceMappingURL');
      expect((await fetch(`${server.url}/assets/${file}.map`)).headers.get('content-type') ?? '').not.toContain('json');
    }
  });
});

describe('files', () => {
  it('creates DATA_DIR 0700 and the database 0600, and tightens a loose existing DATA_DIR', async () => {
    const dataDir = await tempDir();
    fs.chmodSync(dataDir, 0o755);
    // The files are the SQLite store's: this one runs on SQLite in the pg project too.
    const server = await start({ dataDir, databaseUrl: undefined });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dataDir).filter((n) => n.startsWith(DB_FILE))) {
      expect({ f, mode: (fs.statSync(path.join(dataDir, f)).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
    }
    expect(fs.existsSync(path.join(server.dataDir, DB_FILE))).toBe(true);
  });

  it('never writes the demo password to its log or DATA_DIR', async () => {
    setLogging(true);
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
    vi.spyOn(console, 'log').mockImplementation(capture);
    vi.spyOn(console, 'error').mockImplementation(capture);
    vi.spyOn(console, 'warn').mockImplementation(capture);
    const stopListening = onLogLine((line) => void lines.push(line)); // the JSON log itself
    const server = await start({ demo: true });
    const demo = server.server.demo;
    expect(demo?.password.length).toBeGreaterThanOrEqual(12);
    // Signing in with it works (it is real) and is logged by nothing.
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ email: demo?.email, password: demo?.password }),
    });
    expect(res.status).toBe(200);
    stopListening();
    expect(
      lines.some((line) => line.includes('"where"')),
      'the log was captured',
    ).toBe(true);
    expect(lines.join('\n')).not.toContain(demo?.password);
    for (const f of fs.readdirSync(server.dataDir)) {
      expect(fs.readFileSync(path.join(server.dataDir, f)).includes(Buffer.from(demo?.password ?? 'x')), f).toBe(false);
    }
  });
});
