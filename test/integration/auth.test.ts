/**
 * Identity over real HTTP (CONTRACT "Identity"): signup, login, logout, me, tokens,
 * validation, the login throttle, the cross-origin check, and that no secret leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/src/auth/secrets';
import { Agent, createToken, signup, type ApiResponse, type PublicUserBody } from '../helpers/http';
import { startServer, type StartedServer } from '../helpers/startServer';

let server: StartedServer;
/** Every response body seen, to check no secret ever left the server. */
const seen: string[] = [];
const secrets: string[] = [];

function record<T>(res: ApiResponse<T>): ApiResponse<T> {
  seen.push(res.text, JSON.stringify([...res.headers]));
  return res;
}

type UserBody = { user: PublicUserBody };
type ErrorBody = { error: { code: string; message: string } };

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

let counter = 0;
const uniqueEmail = (name: string) => `${name}-${++counter}@example.com`;

describe('auth', () => {
  it('signs up, knows me, logs out server-side, logs in again, refuses a wrong password', async () => {
    const ada = new Agent(server.url);
    const email = uniqueEmail('ada');
    const password = 'correct horse battery';
    secrets.push(password);

    const created = record(await ada.post<UserBody>('/api/auth/signup', { email, name: 'Ada', password }));
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.user).sort()).toEqual(['email', 'id', 'name']);
    expect(created.body.user).toMatchObject({ email, name: 'Ada' });
    const cookie = created.setCookies.find((c) => c.startsWith('tranche_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i); // http origin
    const sessionId = ada.cookies.get('tranche_session')!;
    secrets.push(sessionId);

    const me = record(await ada.get<UserBody>('/api/auth/me'));
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(created.body.user);

    // The session is dead on the server: replaying the old cookie gets 401.
    const oldCookie = ada.cookieHeader();
    const out = record(await ada.post('/api/auth/logout'));
    expect(out.status).toBe(204);
    expect(ada.cookies.has('tranche_session')).toBe(false);
    const replay = record(await ada.get('/api/auth/me', { headers: { cookie: oldCookie } }));
    expect(replay.status).toBe(401);
    expect((replay.body as ErrorBody).error.code).toBe('unauthorized');

    const again = record(await ada.post<UserBody>('/api/auth/login', { email: email.toUpperCase(), password }));
    expect(again.status).toBe(200);
    expect(again.body.user).toEqual(created.body.user);
    expect(record(await ada.get('/api/auth/me')).status).toBe(200);

    const wrong = record(await new Agent(server.url).post<ErrorBody>('/api/auth/login', { email, password: 'not the password' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('bad_credentials');
    expect(wrong.setCookies).toEqual([]);
    const nobody = record(await new Agent(server.url).post('/api/auth/login', { email: uniqueEmail('nobody'), password }));
    expect(nobody.status).toBe(401);
  });

  it('refuses a taken email with 409, whatever its case', async () => {
    const email = uniqueEmail('bob');
    await signup(new Agent(server.url), { email, name: 'Bob', password: 'password-1' });
    const again = record(
      await new Agent(server.url).post<ErrorBody>('/api/auth/signup', { email: email.toUpperCase(), name: 'Bob 2', password: 'password-2' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
  });

  it('answers bad input with 400 naming the field', async () => {
    const agent = new Agent(server.url);
    const badEmail = record(await agent.post<ErrorBody>('/api/auth/signup', { email: 'not-an-email', name: 'X', password: 'long enough' }));
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toEqual({ code: 'invalid_input', message: 'email: Invalid email' });

    const short = record(await agent.post<ErrorBody>('/api/auth/signup', { email: uniqueEmail('s'), name: 'X', password: 'short' }));
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/^password: /);

    const long = record(await agent.post<ErrorBody>('/api/auth/signup', { email: uniqueEmail('l'), name: 'X', password: 'x'.repeat(201) }));
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/^password: /);

    const noName = record(await agent.post<ErrorBody>('/api/auth/signup', { email: uniqueEmail('n'), password: 'long enough' }));
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toMatch(/^name: /);

    const noBody = record(await agent.post<ErrorBody>('/api/auth/login'));
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.code).toBe('invalid_input');
  });

  it('answers malformed JSON with 400 bad_json and a huge body with 413', async () => {
    const agent = new Agent(server.url);
    const bad = record(await agent.request<ErrorBody>('POST', '/api/auth/login', { body: '{"email": ', headers: { 'content-type': 'application/json' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_json');

    const huge = record(await agent.post<ErrorBody>('/api/auth/login', { email: 'a@b.co', password: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('too_large');
  });

  it('backs off failures for one email from one address with 429 and the real wait, not other emails', async () => {
    const email = uniqueEmail('carol');
    const password = 'the right password';
    await signup(new Agent(server.url), { email, name: 'Carol', password });
    const attacker = new Agent(server.url);
    // loginMaxFailures (5) free failures, then each attempt waits for the previous one's backoff.
    for (let i = 0; i < 5; i++) {
      const res = record(await attacker.post('/api/auth/login', { email, password: `wrong ${i}` }));
      expect(res.status).toBe(401);
    }
    const blocked = record(await attacker.post<ErrorBody>('/api/auth/login', { email, password }));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(blocked.body.error.message).toMatch(new RegExp(`try again in ${retryAfter} seconds?$`));

    // Another email from the same address is unaffected.
    const other = uniqueEmail('dave');
    await signup(new Agent(server.url), { email: other, name: 'Dave', password: 'dave password' });
    const ok = record(await attacker.post('/api/auth/login', { email: other, password: 'dave password' }));
    expect(ok.status).toBe(200);
  });

  it('refuses a cookie request from a foreign Origin with 403; a Bearer token passes', async () => {
    const erin = new Agent(server.url);
    await signup(erin, { email: uniqueEmail('erin'), name: 'Erin', password: 'erin password' });

    const foreign = record(await erin.post<ErrorBody>('/api/tokens', { name: 'x' }, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('bad_origin');
    const nullOrigin = record(await erin.post('/api/tokens', { name: 'x' }, { origin: 'null' }));
    expect(nullOrigin.status).toBe(403);
    const crossSite = record(await erin.post('/api/tokens', { name: 'x' }, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } }));
    expect(crossSite.status).toBe(403);
    const noOrigin = record(await erin.post('/api/tokens', { name: 'x' }, { origin: null }));
    expect(noOrigin.status).toBe(201);
    // Logout is state-changing too: a foreign page cannot log the user out.
    expect(record(await erin.post('/api/auth/logout', undefined, { origin: 'https://evil.example' })).status).toBe(403);

    const token = await createToken(erin, 'script');
    secrets.push(token);
    const withToken = record(await erin.get('/api/auth/me', { origin: 'https://evil.example', bearer: token, noCookies: true }));
    expect(withToken.status).toBe(200);
  });

  it('accepts an API token as Bearer on /api/auth/me and never shows its hash', async () => {
    const fay = new Agent(server.url);
    const user = await signup(fay, { email: uniqueEmail('fay'), name: 'Fay', password: 'fay password' });
    const res = record(await fay.post<{ id: string; name: string; token: string }>('/api/tokens', { name: 'ci' }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['access', 'boardId', 'expiresAt', 'id', 'name', 'token']);
    expect(res.body.token).toMatch(/^trk_/);
    secrets.push(hashSecret(res.body.token));

    const anon = new Agent(server.url, { origin: null });
    const me = record(await anon.get<UserBody>('/api/auth/me', { bearer: res.body.token }));
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(user);

    // Change the last character (to something it is not already).
    const tampered = `${res.body.token.slice(0, -1)}${res.body.token.endsWith('A') ? 'B' : 'A'}`;
    expect(record(await anon.get('/api/auth/me', { bearer: tampered })).status).toBe(401);
    expect(record(await anon.get('/api/auth/me', { bearer: 'trk_nonsense' })).status).toBe(401);
    expect(record(await anon.post('/api/tokens', { name: 'x' })).status).toBe(401);
  });

  it('cannot be fooled by a forged session cookie', async () => {
    const forger = new Agent(server.url);
    forger.cookies.set('tranche_session', 'A'.repeat(43));
    expect(record(await forger.get('/api/auth/me')).status).toBe(401);
    forger.cookies.set('tranche_session', 'garbage; other=1');
    expect(record(await forger.get('/api/auth/me')).status).toBe(401);
    expect(record(await new Agent(server.url).get('/api/auth/me')).status).toBe(401);
  });

  it('answers health and unknown API routes', async () => {
    const agent = new Agent(server.url);
    const health = record(await agent.get('/api/health'));
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true });
    const missing = record(await agent.get<ErrorBody>('/api/nope'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('never sent a password, password hash, session id or token hash in a response', async () => {
    expect(seen.length).toBeGreaterThan(20);
    const all = seen.join('\n');
    expect(all).not.toMatch(/scrypt\$/);
    expect(all).not.toMatch(/password_?hash/i);
    for (const secret of secrets) {
      // A session id legitimately appears in its own Set-Cookie header, which `seen` includes.
      if (secret.length === 43 && /^[A-Za-z0-9_-]+$/.test(secret)) continue;
      expect(all).not.toContain(secret);
    }
  });
});
