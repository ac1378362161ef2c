/**
 * ActivityFeed (client/src/features/activity/activityFeed.ts) in Node against the real server:
 * real Socket.IO events, the real REST pages (through the production fetchActivityPage, with
 * `fetch` given the server's base URL and the user's token, as the browser's same-origin
 * cookie would), and a real disconnect: the events missed while away are filled in on rejoin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { ActivityFeed, type FeedSource } from '../../../client/src/features/activity/activityFeed';
import { Signal } from '../../../client/src/lib/signal';
import { createDeal, selectColumns, userOrigin } from '../../../shared/src/board';
import type { ActivityEvent } from '../../../shared/src/events';
import { startServer, type StartedServer } from '../../helpers/startServer';
import { api, connectDoc, createBoard, createUser, waitFor, type DocClient, type TestSocket, type TestUser } from '../../helpers/clients';

let server: StartedServer;
let ada: TestUser;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  server = await startServer();
  ada = await createUser(server.url, 'Ada');
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) =>
    realFetch(input.startsWith('/') ? `${server.url}${input}` : input, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${ada.token}` },
    }),
  );
});
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

/**
 * What the feed needs of a BoardConnection, over a real socket.io-client socket: live events,
 * and `joins` bumped after each acknowledged `board:join` (as BoardConnection does).
 */
function liveSource(boardId: string): FeedSource & { socket: TestSocket } {
  const socket: TestSocket = ioClient(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: ada.token },
    reconnection: false,
    forceNew: true,
  });
  const joins = new Signal(0);
  const listeners = new Set<(e: ActivityEvent) => void>();
  socket.on('connect', () => {
    socket.emit('board:join', { boardId }, (ack) => {
      if ('ok' in ack) joins.set(joins.get() + 1);
    });
  });
  socket.on('activity:added', (e) => {
    if (e.boardId === boardId) for (const l of listeners) l(e);
  });
  cleanup.push(() => socket.disconnect());
  return {
    socket,
    boardId,
    joins,
    onActivity: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function boardWithWriter(): Promise<{ boardId: string; writer: DocClient; add: (title: string) => void }> {
  const boardId = await createBoard(server.url, ada);
  const writer = connectDoc(server.url, ada, boardId);
  cleanup.push(() => writer.destroy());
  await writer.synced;
  const columnId = selectColumns(writer.doc).columns[0]!.id;
  return { boardId, writer, add: (title) => void createDeal(writer.doc, { columnId, title }, userOrigin(ada.id)) };
}

/** The board's activity as the server has it, newest first. */
async function serverFeed(boardId: string): Promise<ActivityEvent[]> {
  const { body } = await api<ActivityEvent[]>(server.url, ada, 'GET', `/api/boards/${boardId}/activity?limit=200`);
  return body;
}

/** Resolves once the server has committed the event for the deal titled `title`. */
async function committed(boardId: string, title: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await serverFeed(boardId)).some((e) => (e.data as { title?: string }).title === title)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the server to commit ${title}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const titles = (feed: ActivityFeed) => feed.getSnapshot().events.map((e) => (e.data as { title?: string }).title ?? e.type);

describe('ActivityFeed', () => {
  it('loads the newest page, merges live events once, and fills the gap left while the socket was away', async () => {
    const { boardId, add } = await boardWithWriter();
    add('Before 1');
    add('Before 2');
    await committed(boardId, 'Before 2');
    const source = liveSource(boardId);
    const feed = new ActivityFeed(source, { pageSize: 2 });
    cleanup.push(() => feed.stop());
    await waitFor(() => source.joins.get() === 1, 'first join');
    feed.start();
    await waitFor(() => feed.getSnapshot().status === 'ready', 'first page');

    add('Live');
    await waitFor(() => titles(feed).includes('Live'), 'the live event');
    expect(feed.getSnapshot().live.size).toBe(1);

    // Away: five events happen that this socket never hears of.
    source.socket.disconnect();
    for (let i = 1; i <= 5; i++) add(`Missed ${i}`);
    await committed(boardId, 'Missed 5');
    expect(titles(feed)).not.toContain('Missed 1');

    source.socket.connect(); // rejoins: the feed pages back (pageSize 2: three pages) to what it held
    await waitFor(() => titles(feed).includes('Missed 1'), 'the gap filled', 5_000);
    const ids = feed.getSnapshot().events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(8); // the first page (2), the live one, the five missed
    expect(ids).toEqual((await serverFeed(boardId)).slice(0, 8).map((e) => e.id));
    expect(titles(feed).slice(0, 6)).toEqual(['Missed 5', 'Missed 4', 'Missed 3', 'Missed 2', 'Missed 1', 'Live']);
  });

  it('too far behind to stitch: starts over from the newest pages, older ones on demand', async () => {
    const { boardId, add } = await boardWithWriter();
    const source = liveSource(boardId);
    const feed = new ActivityFeed(source, { pageSize: 2, maxGapPages: 2 });
    cleanup.push(() => feed.stop());
    await waitFor(() => source.joins.get() === 1, 'first join');
    feed.start();
    await waitFor(() => feed.getSnapshot().status === 'ready', 'first page');
    add('First');
    await waitFor(() => titles(feed).includes('First'), 'the live event');

    source.socket.disconnect();
    for (let i = 1; i <= 7; i++) add(`Missed ${i}`);
    await committed(boardId, 'Missed 7');
    source.socket.connect();
    await waitFor(() => source.joins.get() === 2 && titles(feed).includes('Missed 7'), 'the refill');
    await waitFor(() => feed.getSnapshot().hasMore, 'hasMore after a restart');
    // Two pages of two, newest first; what it held before the gap is dropped (it is older than them).
    expect(titles(feed)).toEqual(['Missed 7', 'Missed 6', 'Missed 5', 'Missed 4']);
    feed.loadOlder();
    await waitFor(() => titles(feed).length === 6, 'an older page');
    expect(titles(feed).slice(4)).toEqual(['Missed 3', 'Missed 2']);
  });
});
