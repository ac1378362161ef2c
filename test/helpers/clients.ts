/**
 * Real clients for integration tests: accounts over REST, the official y-websocket
 * provider over `ws`, and socket.io-client, each carrying a real credential.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/src/events';
import { Agent, createToken, signup } from './http';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  /** An API token (Bearer) for this user. */
  token: string;
  /** The session cookie header value (`tranche_session=...`). */
  cookie: string;
}

// Each y-websocket provider in Node adds a process 'exit' listener; tests open many.
process.setMaxListeners(500);

let counter = 0;

/** Signs a new user up (keeping the session cookie) and gives them an API token. */
export async function createUser(baseUrl: string, name = 'User'): Promise<TestUser> {
  counter++;
  const email = `${name.toLowerCase().replace(/\W+/g, '')}${counter}-${Date.now()}@example.com`;
  const agent = new Agent(baseUrl);
  const user = await signup(agent, { email, name, password: 'correct horse battery' });
  const token = await createToken(agent, 'tests');
  return { ...user, token, cookie: agent.cookieHeader() };
}

/** A JSON REST call as `user` (Bearer), returning status and parsed body. */
export async function api<T = unknown>(
  baseUrl: string,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Origin: baseUrl };
  if (user) headers.Authorization = `Bearer ${user.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (CSV); keep the text
  }
  return { status: response.status, body: parsed as T };
}

/** Creates a board owned by `owner`; returns its id. */
export async function createBoard(baseUrl: string, owner: TestUser, name = 'Test board', template: 'pipeline' | 'empty' = 'pipeline'): Promise<string> {
  const { status, body } = await api<{ id: string }>(baseUrl, owner, 'POST', '/api/boards', { name, template });
  if (status !== 201) throw new Error(`create board failed: ${status} ${JSON.stringify(body)}`);
  return body.id;
}

/** The owner invites `member` by email and the member accepts (from their browser session). */
export async function addMember(baseUrl: string, owner: TestUser, boardId: string, member: TestUser, role: 'viewer' | 'editor' | 'owner'): Promise<void> {
  const { status, body } = await api<{ invitation: { id: string } }>(baseUrl, owner, 'POST', `/api/boards/${boardId}/members`, { email: member.email, role });
  if (status !== 201) throw new Error(`invite failed: ${status} ${JSON.stringify(body)}`);
  const accepted = await fetch(`${baseUrl}/api/invitations/${body.invitation.id}/accept`, {
    method: 'POST',
    headers: { Cookie: member.cookie, Origin: baseUrl },
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`);
}

/** A WebSocket class for the provider that sends the given headers on the upgrade. */
function webSocketWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server finished. */
  synced: Promise<void>;
  destroy(): void;
}

/** Connects the official y-websocket client to a board as `user` (Bearer token by default). */
export function connectDoc(
  baseUrl: string,
  user: TestUser,
  boardId: string,
  options: { doc?: Y.Doc; useCookie?: boolean; origin?: string; params?: Record<string, string> } = {},
): DocClient {
  const doc = options.doc ?? new Y.Doc();
  const headers: Record<string, string> = options.useCookie ? { Cookie: user.cookie } : { Authorization: `Bearer ${user.token}` };
  if (options.origin) headers.Origin = options.origin;
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', boardId, doc, {
    WebSocketPolyfill: webSocketWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
    ...(options.params ? { params: options.params } : {}),
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client authenticated with the user's token. */
export async function connectSocket(baseUrl: string, user: TestUser | null, token?: string): Promise<TestSocket> {
  const socket: TestSocket = ioClient(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token !== undefined ? { token } : user ? { token: user.token } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs` with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Tries a raw upgrade and returns the HTTP status the server refused it with (or 101). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}
