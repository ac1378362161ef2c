/**
 * Account hardening against a real server: NIST password rules (8.8), throttling that
 * backs off, never locks an account from another address and is shared by processes on
 * one database (17.12), token scopes and expiry (8.10), and sessions with an idle
 * timeout, a list and "sign out everywhere" (8.11).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDeal, readDeals, selectColumns } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { onLogLine, setLogging } from '../../server/src/log';
import { startServer, type StartedServer } from '../helpers/startServer';
import { Agent, signup } from '../helpers/http';
import { addMember, connectDoc, connectSocket, createBoard, createUser, upgradeStatus, waitFor, type TestUser } from '../helpers/clients';
import { postFrom } from '../helpers/fromAddress';

let server: StartedServer;
let n = 0;
const email = (name: string) => `${name}${++n}-${Date.now()}@example.com`;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

/** An Agent holding `user`'s session cookie. */
function browserOf(user: TestUser): Agent {
  const agent = new Agent(server.url);
  const [name = '', ...value] = user.cookie.split('=');
  agent.cookies.set(name, value.join('='));
  return agent;
}

type ErrorBody = { error: { code: string; message: string } };

describe('passwords (NIST 800-63B)', () => {
  it.each([
    ['password', 'commonly used'],
    ['12345678', 'commonly used'],
    ['ｐａｓｓｗｏｒｄ', 'commonly used'], // fullwidth: "password" after NFKC
    ['iloveyou', 'commonly used'],
    ['        ', 'only spaces'],
    ['\u0000'.repeat(8), 'control characters'],
    ['abc\u0007defgh', 'control characters'],
    ['ﬀﬀﬀ', 'at least 8'], // 3 ligatures are 6 characters after NFKC
  ])('refuses %j (%s) and creates no account', async (password, why) => {
    const address = email('weak');
    const res = await new Agent(server.url).post<ErrorBody>('/api/auth/signup', { email: address, name: 'Weak', password });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('weak_password');
    expect(res.body.error.message.toLowerCase()).toContain(why);
    expect(await server.store.findUserByEmail(address)).toBeNull();
  });

  it('refuses the email or the name as password', async () => {
    const address = email('grace');
    for (const password of [address, address.toUpperCase(), 'Grace Hopper!', address.split('@')[0]]) {
      const res = await new Agent(server.url).post<ErrorBody>('/api/auth/signup', { email: address, name: 'Grace Hopper!', password });
      expect({ password, status: res.status }).toEqual({ password, status: 400 });
      expect(res.body.error.message).toBe('password: Do not use your email or name as your password.');
    }
    const ok = await new Agent(server.url).post('/api/auth/signup', { email: address, name: 'Grace Hopper!', password: 'nanoseconds of wire' });
    expect(ok.status).toBe(201);
  });
});

describe('sign-in throttle', () => {
  it('never locks an account because of failures from another address, and shows the real wait', async () => {
    const victim = email('victim');
    const password = 'victim’s real passphrase';
    expect((await postFrom('127.0.0.1', server.url, '/api/auth/signup', { email: victim, name: 'Victim', password })).status).toBe(201);
    const attempts: number[] = [];
    for (let i = 0; i < 12; i++) attempts.push((await postFrom('127.0.0.3', server.url, '/api/auth/login', { email: victim, password: `guess ${i}` })).status);
    expect(attempts.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts.slice(5).every((s) => s === 429)).toBe(true);
    const blocked = await postFrom('127.0.0.3', server.url, '/api/auth/login', { email: victim, password });
    expect(blocked.status).toBe(429);
    const seconds = Number(blocked.headers['retry-after']);
    expect((blocked.body as ErrorBody).error.message).toBe(`Too many failed sign-ins; try again in ${seconds} second${seconds === 1 ? '' : 's'}`);

    // The victim, elsewhere, signs in at once.
    expect((await postFrom('127.0.0.1', server.url, '/api/auth/login', { email: victim, password })).status).toBe(200);
  });

  it('backs off one address trying many emails (loginMaxPerAddress), not other addresses', async () => {
    const limited = await startServer({ loginMaxPerAddress: 10 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await postFrom('127.0.0.4', limited.url, '/api/auth/login', { email: `spray${i}@example.com`, password: 'spray guess' })).status);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect((await postFrom('127.0.0.5', limited.url, '/api/auth/login', { email: 'spray0@example.com', password: 'spray guess' })).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted proxy (TRUST_PROXY), throttles per forwarded address; otherwise ignores the header', async () => {
    for (const trustProxy of [true, false]) {
      const proxied = await startServer({ trustProxy, loginMaxFailures: 1 });
      try {
        const target = email('proxied');
        await signup(new Agent(proxied.url), { email: target, name: 'Proxied', password: 'proxied passphrase' });
        const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });
        expect((await new Agent(proxied.url).post('/api/auth/login', { email: target, password: 'guess 1' }, from('203.0.113.7'))).status).toBe(401);
        const other = await new Agent(proxied.url).post('/api/auth/login', { email: target, password: 'proxied passphrase' }, from('198.51.100.9'));
        // Trusted: another person behind the proxy is unaffected. Untrusted: the header is a client's claim, so it is one address.
        expect({ trustProxy, status: other.status }).toEqual({ trustProxy, status: trustProxy ? 200 : 429 });
      } finally {
        await proxied.close();
      }
    }
  });

  it('shares the counters between two server processes on one database', async () => {
    const first = await startServer({ keepDataDir: true });
    const second = await startServer({ dataDir: first.dataDir });
    try {
      const target = email('shared');
      await signup(new Agent(first.url), { email: target, name: 'Shared', password: 'shared passphrase' });
      for (let i = 0; i < 5; i++) {
        const via = i % 2 === 0 ? first : second;
        expect((await new Agent(via.url).post('/api/auth/login', { email: target, password: `guess ${i}` })).status).toBe(401);
      }
      // Both processes have seen five failures in all: the sixth waits on either.
      expect((await new Agent(first.url).post('/api/auth/login', { email: target, password: 'guess 6' })).status).toBe(429);
      expect((await new Agent(second.url).post('/api/auth/login', { email: target, password: 'guess 7' })).status).toBe(429);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('API token scopes', () => {
  let ada: TestUser;
  let boardId: string;
  let otherBoard: string;

  beforeAll(async () => {
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Scoped');
    otherBoard = await createBoard(server.url, ada, 'Elsewhere');
  });

  async function token(body: Record<string, unknown>): Promise<string> {
    const res = await browserOf(ada).post<{ token: string }>('/api/tokens', body);
    expect(res.status).toBe(201);
    return res.body.token;
  }

  it('a token cannot create tokens (nor list them)', async () => {
    const res = await new Agent(server.url, { origin: null }).post<ErrorBody>('/api/tokens', { name: 'child' }, { bearer: ada.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('session_required');
    expect((await new Agent(server.url).get('/api/tokens', { bearer: ada.token })).status).toBe(403);
  });

  it('a read-only token reads but cannot write over REST', async () => {
    const read = await token({ name: 'reader', access: 'read' });
    const agent = new Agent(server.url, { origin: null });
    expect((await agent.get(`/api/boards/${boardId}`, { bearer: read })).status).toBe(200);
    const write = await agent.patch<ErrorBody>(`/api/boards/${boardId}`, { name: 'Renamed by a reader' }, { bearer: read });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('token_scope');
    expect((await agent.post('/api/boards', { name: 'New' }, { bearer: read })).status).toBe(403);
    expect((await server.store.getBoard(boardId))?.name).toBe('Scoped');
  });

  it('a read-only token connects to Yjs as a viewer, even after the user is promoted: updates dropped', async () => {
    const bob = await createUser(server.url, 'Bob');
    await addMember(server.url, ada, boardId, bob, 'editor');
    const res = await browserOf(bob).post<{ token: string }>('/api/tokens', { name: 'reader', access: 'read' });
    const reader: TestUser = { ...bob, token: res.body.token };
    setLogging(true);
    const lines: string[] = [];
    const stopListening = onLogLine((line) => void lines.push(line));
    try {
      const client = connectDoc(server.url, reader, boardId);
      await client.synced;
      const column = selectColumns(client.doc).columns[0]!.id;
      createDeal(client.doc, { columnId: column, title: 'Written with a read token' }, userOrigin(bob.id));
      await waitFor(
        () => lines.some((l) => l.includes('dropped an update from a read-only connection') && l.includes(bob.id)),
        'the server dropped the update',
      );
      // Promoting Bob applies to his open connections, but not beyond the token's scope.
      await browserOf(ada).patch(`/api/boards/${boardId}/members/${bob.id}`, { role: 'owner' });
      lines.length = 0;
      createDeal(client.doc, { columnId: column, title: 'Again after promotion' }, userOrigin(bob.id));
      await waitFor(() => lines.some((l) => l.includes('dropped an update from a read-only connection') && l.includes(bob.id)), 'dropped again');
      const fresh = connectDoc(server.url, ada, boardId);
      await fresh.synced;
      const titles = readDeals(fresh.doc).flatMap((d) => (d.invalid ? [] : [d.title]));
      expect(titles).not.toContain('Written with a read token');
      expect(titles).not.toContain('Again after promotion');
      fresh.destroy();
      client.destroy();
    } finally {
      stopListening();
      setLogging(process.env.TRANCHE_LOG !== undefined);
    }
  });

  it('a board token reaches only its board (REST, Yjs, Socket.IO)', async () => {
    const scoped = await token({ name: 'one board', boardId });
    const agent = new Agent(server.url, { origin: null });
    expect((await agent.get(`/api/boards/${boardId}`, { bearer: scoped })).status).toBe(200);
    expect((await agent.get(`/api/boards/${otherBoard}`, { bearer: scoped })).status).toBe(403);
    expect((await agent.get('/api/boards', { bearer: scoped })).status).toBe(403);
    const ws = `${server.wsUrl}/yjs/`;
    expect(await upgradeStatus(ws + boardId, { Authorization: `Bearer ${scoped}` })).toBe(101);
    expect(await upgradeStatus(ws + otherBoard, { Authorization: `Bearer ${scoped}` })).toBe(404);
    const socket = await connectSocket(server.url, null, scoped);
    const ack = (id: string) => new Promise<unknown>((resolve) => socket.emit('board:join', { boardId: id }, resolve));
    expect(await ack(boardId)).toEqual({ ok: true });
    expect(await ack(otherBoard)).toMatchObject({ error: { code: 'not_found' } });
    socket.disconnect();
  });

  it('an expired token identifies nobody; the list shows scope, expiry and last use', async () => {
    const expiring = await token({ name: 'short', expiresInDays: 1, access: 'read' });
    const agent = new Agent(server.url, { origin: null });
    expect((await agent.get('/api/auth/me', { bearer: expiring })).status).toBe(200);
    const listed = await browserOf(ada).get<Array<{ name: string; access: string; expiresAt: string | null; lastUsedAt: string | null }>>('/api/tokens');
    const short = listed.body.find((t) => t.name === 'short');
    expect(short?.access).toBe('read');
    expect(short?.lastUsedAt).not.toBeNull();
    expect(Date.parse(short?.expiresAt ?? '') - Date.now()).toBeGreaterThan(23 * 3_600_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 25 * 3_600_000);
      expect((await agent.get('/api/auth/me', { bearer: expiring })).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
    const bad = await browserOf(ada).post<ErrorBody>('/api/tokens', { name: 'x', access: 'admin' });
    expect(bad.status).toBe(400);
  });
});

describe('sessions', () => {
  it('lists active sessions, revokes one (closing its sockets) and signs out everywhere', async () => {
    const address = email('sam');
    const password = 'sam’s long passphrase';
    const laptop = new Agent(server.url);
    await signup(laptop, { email: address, name: 'Sam', password });
    const phone = new Agent(server.url);
    await phone.post('/api/auth/login', { email: address, password }, { headers: { 'User-Agent': 'Phone browser' } });
    const tablet = new Agent(server.url);
    await tablet.post('/api/auth/login', { email: address, password });

    const list = await laptop.get<Array<{ id: string; current: boolean; userAgent: string; lastSeenAt: string }>>('/api/sessions');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(3);
    expect(list.body.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = list.body.find((s) => s.userAgent === 'Phone browser');
    expect(phoneSession).toBeDefined();

    // Revoking the phone's session closes the socket it opened.
    const phoneUser: TestUser = { id: '', email: address, name: 'Sam', token: '', cookie: phone.cookieHeader() };
    const socket = await connectSocketWithCookie(phoneUser.cookie);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect((await laptop.delete(`/api/sessions/${phoneSession?.id}`)).status).toBe(204);
    await disconnected;
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await new Agent(server.url).delete(`/api/sessions/${phoneSession?.id}`)).status).toBe(401);

    // Sign out everywhere: the tablet and this laptop too.
    expect((await laptop.post('/api/auth/logout-everywhere')).status).toBe(204);
    expect((await tablet.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
  });

  it('signs out a session left idle longer than sessionIdleMs', async () => {
    const idle = await startServer({ sessionIdleMs: 60 * 60_000 });
    try {
      const agent = new Agent(idle.url);
      await signup(agent, { email: email('idle'), name: 'Idle', password: 'idle passphrase' });
      expect((await agent.get('/api/auth/me')).status).toBe(200);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 30 * 60_000);
        expect((await agent.get('/api/auth/me')).status).toBe(200); // used: idle time restarts
        vi.setSystemTime(Date.now() + 61 * 60_000);
        expect((await agent.get('/api/auth/me')).status).toBe(401);
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await idle.close();
    }
  });

  function connectSocketWithCookie(cookie: string) {
    return import('socket.io-client').then(
      ({ io }) =>
        new Promise<ReturnType<typeof io>>((resolve, reject) => {
          const socket = io(server.url, {
            path: '/socket.io',
            transports: ['websocket'],
            extraHeaders: { Cookie: cookie, Origin: server.url },
            reconnection: false,
            forceNew: true,
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    );
  }
});
