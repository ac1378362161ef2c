/**
 * The REST client (CONTRACT.md "Identity", "Boards and roles"). Same origin, session cookie.
 * Every call resolves to data or throws an ApiError carrying the server's code and message.
 */
import type { Role } from '../../shared/src/roles';
import type { BoardPreview } from '../../shared/src/board/preview';
import { plainMessage } from './lib/plainMessage';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface BoardSummary {
  id: string;
  name: string;
  role: Role;
  updatedAt: string;
}

export interface BoardDetails {
  id: string;
  name: string;
  role: Role;
  columns?: unknown;
  dealCount?: number;
}

export interface Member {
  user: User;
  role: Role;
}

export type BoardTemplate = 'pipeline' | 'empty';

export type TokenAccess = 'read' | 'write';

/** An API token as listed: never its secret. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  access: TokenAccess;
  /** The one board it reaches, or null for all of yours. */
  boardId: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A token just created: `token` is the secret, shown this once. */
export interface NewApiToken {
  id: string;
  name: string;
  token: string;
  access: TokenAccess;
  boardId: string | null;
  expiresAt: string | null;
}

export interface NewTokenInput {
  name: string;
  access: TokenAccess;
  boardId: string | null;
  expiresInDays: number | null;
}

/** A pending invitation as the board's owners see it. */
export interface BoardInvitation {
  id: string;
  kind: 'email' | 'link';
  email: string | null;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
  expiresAt: string | null;
}

/** A pending invitation as the invited person sees it. */
export interface MyInvitation {
  id: string;
  boardId: string;
  boardName: string;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
}

/** What an invite link offers (shown before signing up). */
export interface InviteLinkPreview {
  boardName: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: string | null;
}

/** A signed-in browser. */
export interface ActiveSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string;
  current: boolean;
}

export type ExportFormat = 'csv' | 'json';

/** A board's webhook as listed (never its secret). */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  consecutiveFailures: number;
  createdAt: string;
  disabledAt: string | null;
}

/** Just registered: the signing secret, shown this once. */
export interface NewWebhook extends Webhook {
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  statusCode: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
}

/** A failed request: `status` is the HTTP status (0 when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : `http_${res.status}`;
    const message = typeof err?.message === 'string' ? err.message : defaultMessage(res.status);
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Please sign in.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many attempts. Wait a moment and try again.';
  return `The server answered ${status}.`;
}

const enc = encodeURIComponent;

export const api = {
  me: () => request<{ user: User }>('GET', '/api/auth/me').then((r) => r.user),
  signup: (input: { email: string; name: string; password: string; invite?: string }) =>
    request<{ user: User; joined?: { boardId?: string; error?: string } }>('POST', '/api/auth/signup', input),
  login: (input: { email: string; password: string }) => request<{ user: User }>('POST', '/api/auth/login', input).then((r) => r.user),
  logout: () => request<void>('POST', '/api/auth/logout'),
  logoutEverywhere: () => request<void>('POST', '/api/auth/logout-everywhere'),
  listSessions: () => request<ActiveSession[]>('GET', '/api/sessions'),
  revokeSession: (id: string) => request<void>('DELETE', `/api/sessions/${enc(id)}`),

  listBoards: () => request<BoardSummary[]>('GET', '/api/boards'),
  createBoard: (input: { name: string; template?: BoardTemplate }) => request<{ id: string; name: string; role: Role }>('POST', '/api/boards', input),
  getBoard: (id: string) => request<BoardDetails>('GET', `/api/boards/${enc(id)}`),
  getBoardPreview: (id: string) => request<BoardPreview>('GET', `/api/boards/${enc(id)}/preview`),
  renameBoard: (id: string, name: string) => request<unknown>('PATCH', `/api/boards/${enc(id)}`, { name }),
  deleteBoard: (id: string) => request<void>('DELETE', `/api/boards/${enc(id)}`),

  listMembers: (id: string) => request<Member[]>('GET', `/api/boards/${enc(id)}/members`),
  /** Invites an email: a pending invitation until they accept. */
  addMember: (id: string, input: { email: string; role: Role }) => request<{ invitation: BoardInvitation }>('POST', `/api/boards/${enc(id)}/members`, input),
  listInvitations: (id: string) => request<BoardInvitation[]>('GET', `/api/boards/${enc(id)}/invitations`),
  cancelInvitation: (id: string, invitationId: string) => request<void>('DELETE', `/api/boards/${enc(id)}/invitations/${enc(invitationId)}`),
  createInviteLink: (id: string, role: Role) =>
    request<{ invitation: BoardInvitation; token: string }>('POST', `/api/boards/${enc(id)}/invite-links`, { role }),
  myInvitations: () => request<MyInvitation[]>('GET', '/api/invitations'),
  acceptInvitation: (invitationId: string) => request<{ boardId: string; role: Role }>('POST', `/api/invitations/${enc(invitationId)}/accept`),
  declineInvitation: (invitationId: string) => request<void>('DELETE', `/api/invitations/${enc(invitationId)}`),
  previewInviteLink: (token: string) => request<InviteLinkPreview>('GET', `/api/invite-links/${enc(token)}`),
  acceptInviteLink: (token: string) => request<{ boardId: string; role: Role }>('POST', `/api/invite-links/${enc(token)}/accept`),
  setMemberRole: (id: string, userId: string, role: Role) => request<unknown>('PATCH', `/api/boards/${enc(id)}/members/${enc(userId)}`, { role }),
  removeMember: (id: string, userId: string) => request<void>('DELETE', `/api/boards/${enc(id)}/members/${enc(userId)}`),

  listTokens: () => request<ApiToken[]>('GET', '/api/tokens'),
  createToken: (input: NewTokenInput) => request<NewApiToken>('POST', '/api/tokens', input),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),

  listWebhooks: (id: string) => request<{ webhooks: Webhook[] }>('GET', `/api/boards/${enc(id)}/webhooks`).then((r) => r.webhooks),
  createWebhook: (id: string, input: { url: string; events: string[] }) => request<NewWebhook>('POST', `/api/boards/${enc(id)}/webhooks`, input),
  enableWebhook: (id: string, hookId: string) => request<unknown>('PATCH', `/api/boards/${enc(id)}/webhooks/${enc(hookId)}`, { enabled: true }),
  deleteWebhook: (id: string, hookId: string) => request<void>('DELETE', `/api/boards/${enc(id)}/webhooks/${enc(hookId)}`),
  listDeliveries: (id: string, hookId: string) =>
    request<{ deliveries: WebhookDelivery[] }>('GET', `/api/boards/${enc(id)}/webhooks/${enc(hookId)}/deliveries`).then((r) => r.deliveries),
};

/** Where a board's export downloads from (a plain GET with the session cookie, any member). */
export function exportUrl(boardId: string, format: ExportFormat): string {
  return `/api/boards/${enc(boardId)}/export.${format}`;
}

/** The API names the field (`email: …`); people read the sentence alone. */
/** A human sentence for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return plainMessage(err.message);
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
