/**
 * Invitations (8.9, 17.13): inviting an email answers the same whether or not it has an
 * account and adds nobody until they accept; owners see and cancel pending invitations;
 * an invite link is single use, expires, carries its role and signs a new person up
 * into the board.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type StartedServer } from '../helpers/startServer';
import { Agent, signup } from '../helpers/http';
import { api, createBoard, createUser, type TestUser } from '../helpers/clients';

let server: StartedServer;
let owner: TestUser;
let boardId: string;

function browserOf(user: TestUser): Agent {
  const agent = new Agent(server.url);
  const [name = '', ...value] = user.cookie.split('=');
  agent.cookies.set(name, value.join('='));
  return agent;
}

beforeAll(async () => {
  server = await startServer();
  owner = await createUser(server.url, 'Olga');
  boardId = await createBoard(server.url, owner, 'Invites');
});
afterAll(async () => server?.close());

type Invitation = { id: string; kind: string; email: string | null; role: string; expiresAt: string | null };

describe('email invitations', () => {
  it('answers alike for a registered and an unknown email, and adds nobody without consent', async () => {
    const bob = await createUser(server.url, 'Bob');
    const known = await api<{ invitation: Invitation }>(server.url, owner, 'POST', `/api/boards/${boardId}/members`, { email: bob.email, role: 'editor' });
    const unknown = await api<{ invitation: Invitation }>(server.url, owner, 'POST', `/api/boards/${boardId}/members`, {
      email: 'nobody-yet@example.com',
      role: 'viewer',
    });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    expect(Object.keys(known.body.invitation).sort()).toEqual(Object.keys(unknown.body.invitation).sort());
    expect(JSON.stringify(known.body)).not.toContain(bob.id);
    expect(await server.store.getRole(boardId, bob.id)).toBeNull();

    const pending = await api<Invitation[]>(server.url, owner, 'GET', `/api/boards/${boardId}/invitations`);
    expect(pending.body.map((i) => [i.email, i.role, i.kind])).toEqual([
      [bob.email, 'editor', 'email'],
      ['nobody-yet@example.com', 'viewer', 'email'],
    ]);
    // Only owners see them.
    expect((await api(server.url, bob, 'GET', `/api/boards/${boardId}/invitations`)).status).toBe(404);

    // Bob sees his invitation and accepts it; then he is an editor.
    const mine = await browserOf(bob).get<Array<{ id: string; boardName: string; role: string }>>('/api/invitations');
    expect(mine.body.map((i) => [i.boardName, i.role])).toEqual([['Invites', 'editor']]);
    const accepted = await browserOf(bob).post<{ boardId: string; role: string }>(`/api/invitations/${mine.body[0]?.id}/accept`);
    expect(accepted.body).toEqual({ boardId, role: 'editor' });
    expect(await server.store.getRole(boardId, bob.id)).toBe('editor');
    expect((await browserOf(bob).post(`/api/invitations/${mine.body[0]?.id}/accept`)).status).toBe(404); // used

    // The unknown email signs up later and finds the invitation waiting.
    const newcomer = new Agent(server.url);
    await signup(newcomer, { email: 'Nobody-Yet@example.com', name: 'Newcomer', password: 'newcomer passphrase' });
    const waiting = await newcomer.get<Array<{ id: string; role: string }>>('/api/invitations');
    expect(waiting.body.map((i) => i.role)).toEqual(['viewer']);
    // Someone else cannot accept it.
    expect((await browserOf(bob).post(`/api/invitations/${waiting.body[0]?.id}/accept`)).status).toBe(404);
  });

  it('expires after 30 days unless the owner invites the email again, which renews it', async () => {
    const hal = await createUser(server.url, 'Hal');
    const first = await api<{ invitation: Invitation }>(server.url, owner, 'POST', `/api/boards/${boardId}/members`, { email: hal.email, role: 'viewer' });
    const ttl = server.server.config.emailInviteTtlMs;
    expect(Date.parse(first.body.invitation.expiresAt!) - Date.now()).toBeGreaterThan(ttl - 60_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + ttl + 1_000);
      // Hal's session has lapsed too in 30 days: he signs in again.
      const halNow = new Agent(server.url);
      expect((await halNow.post('/api/auth/login', { email: hal.email, password: 'correct horse battery' })).status).toBe(200);
      expect((await halNow.get<unknown[]>('/api/invitations')).body).toEqual([]);
      expect((await halNow.post(`/api/invitations/${first.body.invitation.id}/accept`)).status).toBe(404);
      expect((await api<Invitation[]>(server.url, owner, 'GET', `/api/boards/${boardId}/invitations`)).body.map((i) => i.email)).not.toContain(hal.email);
      // Invited again: valid for another 30 days from now.
      await api(server.url, owner, 'POST', `/api/boards/${boardId}/members`, { email: hal.email, role: 'editor' });
      const renewed = await halNow.get<Array<{ id: string; role: string }>>('/api/invitations');
      expect(renewed.body.map((i) => i.role)).toEqual(['editor']);
      expect((await halNow.post(`/api/invitations/${renewed.body[0]?.id}/accept`)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(await server.store.getRole(boardId, hal.id)).toBe('editor');
  });

  it('lets the owner cancel a pending invitation', async () => {
    const carol = await createUser(server.url, 'Carol');
    const res = await api<{ invitation: Invitation }>(server.url, owner, 'POST', `/api/boards/${boardId}/members`, { email: carol.email, role: 'viewer' });
    expect((await api(server.url, owner, 'DELETE', `/api/boards/${boardId}/invitations/${res.body.invitation.id}`)).status).toBe(204);
    expect((await browserOf(carol).get<unknown[]>('/api/invitations')).body).toEqual([]);
    expect((await browserOf(carol).post(`/api/invitations/${res.body.invitation.id}/accept`)).status).toBe(404);
    expect(await server.store.getRole(boardId, carol.id)).toBeNull();
  });
});

describe('invite links', () => {
  async function link(role: string): Promise<string> {
    const res = await browserOf(owner).post<{ token: string; invitation: Invitation }>(`/api/boards/${boardId}/invite-links`, { role });
    expect(res.status).toBe(201);
    expect(res.body.invitation.kind).toBe('link');
    return res.body.token;
  }

  it('signs a new person up into the board with the chosen role, once', async () => {
    const token = await link('editor');
    const preview = await new Agent(server.url).get<{ boardName: string; role: string; invitedBy: string }>(`/api/invite-links/${token}`);
    expect(preview.body).toMatchObject({ boardName: 'Invites', role: 'editor', invitedBy: 'Olga' });
    const dan = new Agent(server.url);
    const res = await dan.post<{ user: { id: string }; joined: { boardId: string; role: string } }>('/api/auth/signup', {
      email: `dan-${Date.now()}@example.com`,
      name: 'Dan',
      password: 'dan passphrase',
      invite: token,
    });
    expect(res.status).toBe(201);
    expect(res.body.joined).toEqual({ boardId, role: 'editor' });
    expect(await server.store.getRole(boardId, res.body.user.id)).toBe('editor');

    // Single use: a second person gets nothing.
    const eve = await createUser(server.url, 'Eve');
    expect((await browserOf(eve).post(`/api/invite-links/${token}/accept`)).status).toBe(404);
    expect(await server.store.getRole(boardId, eve.id)).toBeNull();
    expect((await new Agent(server.url).get(`/api/invite-links/${token}`)).status).toBe(404);
  });

  it('lets a signed-in person join; expires; only owners make links', async () => {
    const token = await link('viewer');
    const fay = await createUser(server.url, 'Fay');
    expect((await browserOf(fay).post<{ role: string }>(`/api/invite-links/${token}/accept`)).body.role).toBe('viewer');
    expect((await browserOf(fay).post(`/api/boards/${boardId}/invite-links`, { role: 'owner' })).status).toBe(403);

    const stale = await link('editor');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + server.server.config.inviteLinkTtlMs + 1_000);
      const gus = await createUser(server.url, 'Gus');
      expect((await browserOf(gus).post(`/api/invite-links/${stale}/accept`)).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });
});
