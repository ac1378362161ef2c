/** GET /api/boards/:id/activity: identity, membership, validation, paging parameters. */
import type { AddressInfo } from 'node:net';
import { type Server, createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../shared/src/events';
import type { Identify } from '../../../server/src/auth/identify';
import { createActivityRouter } from '../../../server/src/http/activity';
import { errorHandler } from '../../../server/src/http/errors';
import type { ActivityQuery, Store } from '../../../server/src/store/Store';
import { memberChangedEvent } from '../../../server/src/activity/restEvents';
import { ADA } from './harness';

const BOARD = 'board-1';
const stored: ActivityEvent[] = [memberChangedEvent(BOARD, ADA, { userId: 'u-bob', name: 'Bob', role: 'editor' })];
const queries: Array<{ boardId: string; query: ActivityQuery }> = [];

const store = {
  getRole: async (boardId: string, userId: string) => (boardId === BOARD && userId === ADA.id ? 'viewer' : null),
  listActivity: async (boardId: string, query: ActivityQuery) => {
    queries.push({ boardId, query });
    return stored;
  },
} as unknown as Store;

/** Test identity: the `x-user` header names the caller. */
const identify: Identify = async (req) => {
  const id = req.headers['x-user'];
  return typeof id === 'string' ? { user: { id, email: `${id}@example.com`, name: id, createdAt: '' }, via: 'token' } : null;
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/api', createActivityRouter({ store, identify }));
  app.use(errorHandler());
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  queries.length = 0;
});

const get = (path: string, user: string | null = ADA.id) =>
  fetch(`${base}${path}`, { headers: user ? { 'x-user': user } : {} });

describe('GET /api/boards/:id/activity', () => {
  it('answers a member with the store’s events, default limit 50', async () => {
    const res = await get(`/boards/${BOARD}/activity`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(stored);
    expect(queries).toEqual([{ boardId: BOARD, query: { limit: 50 } }]);
  });

  it('passes limit, before and dealId through', async () => {
    const res = await get(`/boards/${BOARD}/activity?limit=200&before=abc123&dealId=deal-9`);
    expect(res.status).toBe(200);
    expect(queries).toEqual([{ boardId: BOARD, query: { limit: 200, before: 'abc123', dealId: 'deal-9' } }]);
  });

  it('treats empty parameters as not given', async () => {
    const res = await get(`/boards/${BOARD}/activity?limit=&before=&dealId=`);
    expect(res.status).toBe(200);
    expect(queries).toEqual([{ boardId: BOARD, query: { limit: 50 } }]);
  });

  it('401 without identity', async () => {
    const res = await get(`/boards/${BOARD}/activity`, null);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('404 for a non-member and for a board that does not exist, alike', async () => {
    for (const [path, user] of [
      [`/boards/${BOARD}/activity`, 'u-stranger'],
      ['/boards/nope/activity', ADA.id],
    ] as const) {
      const res = await get(path, user);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such board' } });
    }
    expect(queries).toEqual([]);
  });

  it('400 naming the field for a bad limit', async () => {
    for (const limit of ['0', '201', 'abc', '1.5', '-3']) {
      const res = await get(`/boards/${BOARD}/activity?limit=${limit}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toMatch(/^limit: /);
    }
    const twice = await get(`/boards/${BOARD}/activity?limit=5&limit=6`);
    expect(twice.status).toBe(400);
    expect(queries).toEqual([]);
  });
});
