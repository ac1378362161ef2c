/**
 * Storage behind one small interface. SQLite (better-sqlite3, in DATA_DIR) is the
 * default implementation; a PostgreSQL one can plug in for several processes.
 * Every method is async so a networked engine fits the same shape.
 */
import type { Role } from '../../../shared/src/roles';
import type { ActivityEvent } from '../../../shared/src/events';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface BoardRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface BoardSummary extends BoardRecord {
  role: Role;
}

export interface MemberRecord {
  user: UserRecord;
  role: Role;
}

/** One Yjs update as kept in the log: never thrown away (history is rebuilt from it). */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
  /** The user whose connection sent it; null for the server's own changes. */
  userId: string | null;
  at: string;
}

export interface NewUpdate {
  update: Uint8Array;
  userId: string | null;
  at: string;
}

/** What a board loads from: the latest snapshot plus the updates after it. */
export interface LoadedDocument {
  snapshot: Uint8Array | null;
  /** The seq of the last update folded into the snapshot (0 when none). */
  snapshotSeq: number;
  updates: StoredUpdate[];
}

export interface ActivityQuery {
  limit: number;
  /** Only events strictly older than this event id's position (newest first paging). */
  before?: string;
  dealId?: string;
}

/** The first answer to a POST sent with an Idempotency-Key. */
export interface IdempotentAnswer {
  status: number;
  /** The JSON body as sent. */
  body: string;
}

/** A board's webhook subscription. */
export interface WebhookRecord {
  id: string;
  boardId: string;
  url: string;
  /** Activity types, or ["*"] for all. */
  events: string[];
  /** The HMAC key; shown to the owner once, never listed. */
  secret: string;
  createdBy: string;
  createdAt: string;
  /** Set when it was turned off (too many failures in a row); null while enabled. */
  disabledAt: string | null;
  consecutiveFailures: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to deliver to one webhook. */
export interface DeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The exact JSON body POSTed (signed as is). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  statusCode: number | null;
  lastError: string | null;
  /** When a pending delivery is due next. */
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  payload: string;
}

export interface Store {
  /**
   * True when opening this store created the database (no migration had run before).
   * DEMO=auto seeds the demo board only then.
   */
  readonly fresh: boolean;

  // Users and credentials. Password hashes never leave the auth layer.
  createUser(input: { email: string; name: string; passwordHash: string }): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<(UserRecord & { passwordHash: string }) | null>;
  getUser(id: string): Promise<UserRecord | null>;

  createSession(input: { idHash: string; userId: string; expiresAt: string }): Promise<void>;
  /** The session's user when the session exists and has not expired. */
  getSessionUser(idHash: string): Promise<UserRecord | null>;
  deleteSession(idHash: string): Promise<void>;

  createApiToken(input: { id: string; userId: string; name: string; tokenHash: string }): Promise<void>;
  getTokenUser(tokenHash: string): Promise<UserRecord | null>;
  /** The user's tokens, newest first (never their hashes). */
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  /** Deletes one of the user's tokens; returns its hash (to close what it opened) or null. */
  deleteApiToken(userId: string, id: string): Promise<string | null>;

  // Boards and membership.
  createBoard(input: { id: string; name: string; ownerId: string }): Promise<BoardRecord>;
  getBoard(id: string): Promise<BoardRecord | null>;
  renameBoard(id: string, name: string): Promise<void>;
  deleteBoard(id: string): Promise<void>;
  listBoardsForUser(userId: string): Promise<BoardSummary[]>;
  getRole(boardId: string, userId: string): Promise<Role | null>;
  setMember(boardId: string, userId: string, role: Role): Promise<void>;
  removeMember(boardId: string, userId: string): Promise<void>;
  listMembers(boardId: string): Promise<MemberRecord[]>;

  /**
   * The document log. Commits the updates, and the activity derived from them, durably
   * (synchronous=FULL) in one transaction; returns the last seq. Like addActivity, it
   * queues in the same transaction a webhook delivery of each event (enqueueDeliveries'
   * rows) for every enabled webhook of the board subscribed to the event's type.
   */
  appendUpdates(boardId: string, updates: NewUpdate[], activity?: ActivityEvent[]): Promise<number>;
  loadDocument(boardId: string): Promise<LoadedDocument>;
  /** Writes a snapshot of the state after `uptoSeq`; the update log itself is kept. */
  writeSnapshot(boardId: string, uptoSeq: number, state: Uint8Array): Promise<void>;
  /** The log in order, for history: updates with seq > afterSeq. */
  listUpdates(boardId: string, afterSeq?: number): Promise<StoredUpdate[]>;

  // Activity.
  /** Stores events (and queues their webhook deliveries, as appendUpdates does). */
  addActivity(events: ActivityEvent[]): Promise<void>;
  listActivity(boardId: string, query: ActivityQuery): Promise<ActivityEvent[]>;

  // Idempotency keys (REST POSTs).
  /** The answer stored for this key within the last day, or null. */
  getIdempotentAnswer(boardId: string, userId: string, key: string): Promise<IdempotentAnswer | null>;
  /** Stores the first answer for a key (and forgets answers older than a day). */
  saveIdempotentAnswer(input: { boardId: string; userId: string; key: string; status: number; body: string }): Promise<void>;

  // Webhooks and their deliveries (kept so delivery survives a restart).
  createWebhook(input: Omit<WebhookRecord, 'createdAt' | 'disabledAt' | 'consecutiveFailures'>): Promise<WebhookRecord>;
  listWebhooks(boardId: string): Promise<WebhookRecord[]>;
  getWebhook(boardId: string, id: string): Promise<WebhookRecord | null>;
  /** Deletes the webhook and its deliveries; false when there was none. */
  deleteWebhook(boardId: string, id: string): Promise<boolean>;
  /** Changes a webhook; `disabledAt: null` (re-enabling) also makes its pending deliveries due now. */
  updateWebhook(id: string, patch: { events?: string[]; disabledAt?: string | null; consecutiveFailures?: number }): Promise<void>;
  /** Queues deliveries (status pending, due now), in the order given. */
  enqueueDeliveries(deliveries: NewDelivery[]): Promise<void>;
  /** The webhook's newest deliveries first. */
  listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
  /** For every enabled webhook, its oldest pending delivery (deliveries go out in order, one at a time). */
  headDeliveries(): Promise<Array<{ delivery: DeliveryRecord; webhook: WebhookRecord }>>;
  /** Records one attempt: attempts + 1 and the new state. */
  recordDeliveryAttempt(id: string, result: { status: DeliveryStatus; statusCode: number | null; lastError: string | null; nextAttemptAt: string | null }): Promise<void>;

  close(): Promise<void>;
}
