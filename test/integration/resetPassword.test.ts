/**
 * `npm run reset-password -- <email>` (17.13): run as a separate process against the
 * DATA_DIR of a running server, it prints a new password that works at once, the old one
 * stops working and the account's sessions are signed out.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../helpers/startServer';
import { Agent, signup } from '../helpers/http';
import { storeConfigFor } from '../helpers/testStores';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('server/src/cli/resetPassword.ts');

let server: StartedServer;
/** The CLI runs on the server's store: its DATA_DIR, and under STORE=pg its database. */
let cliEnv: NodeJS.ProcessEnv;
beforeAll(async () => {
  server = await startServer();
  const { databaseUrl } = await storeConfigFor(server.dataDir);
  cliEnv = { ...process.env, DATA_DIR: server.dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
});
afterAll(async () => server?.close());

describe('reset-password', () => {
  it('prints a new password that signs in, and signs the account out everywhere', async () => {
    const email = `reset-${Date.now()}@example.com`;
    const browser = new Agent(server.url);
    await signup(browser, { email, name: 'Forgetful', password: 'the forgotten one' });
    const { stdout } = await run(TSX, [CLI, email], { env: cliEnv });
    const password = /New password for \S+: (\S+)/.exec(stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);

    expect((await browser.get('/api/auth/me')).status).toBe(401);
    expect((await new Agent(server.url).post('/api/auth/login', { email, password: 'the forgotten one' })).status).toBe(401);
    expect((await new Agent(server.url).post('/api/auth/login', { email, password })).status).toBe(200);
  });

  it('says so and exits 1 for an unknown email; 2 without one', async () => {
    const unknown = await run(TSX, [CLI, 'nobody@example.com'], { env: cliEnv }).catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: 1 });
    expect((unknown as { stderr: string }).stderr).toContain('No account with the email nobody@example.com');
    const usage = await run(TSX, [CLI], { env: cliEnv }).catch((e: { code: number }) => e);
    expect(usage).toMatchObject({ code: 2 });
  });
});
