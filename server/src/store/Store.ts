/**
 * Storage behind one small interface. SQLite (better-sqlite3, in DATA_DIR) is the
 * default implementation; PostgreSQL (DATABASE_URL) serves several processes.
 * Every method is async so a networked engine fits the same shape.
 */
import type { Role } from '../../../shared/src/roles';
import type { ActivityEvent } from '../../../shared/src/events';
import type { Notification, Watch } from '../../../shared/src/notifications';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** What a token may do: read only, or read and write; optionally on one board only. */
export type TokenAccess = 'read' | 'write';

export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: string;
  access: TokenAccess;
  /** The one board the token may reach, or null for all the user's boards. */
  boardId: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A signed-in browser (the session id itself is never kept, only its hash). */
export interface SessionRecord {
  /** Public id, to list and revoke it (not the secret). */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string;
}

/** A pending invitation to a board: for an email, or a link (single use). */
export interface InvitationRecord {
  id: string;
  boardId: string;
  boardName: string;
  /** The invited email; null for an invite link. */
  email: string | null;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
  expiresAt: string | null;
}

/** One throttle counter: attempts counted and when the last one was (ms since epoch). */
export interface AttemptCount {
  failures: number;
  lastAt: number;
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

/** How many leading bytes of an update listUpdateHeads gives: room for its first client's header. */
export const UPDATE_HEAD_BYTES = 24;

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
  /** When it was received (ISO). Logged no earlier than the board's previous update (store/commitTimes.ts). */
  at: string;
  /**
   * Yjs client ids this update is the first to write with: bound to `userId` in the same
   * transaction as the update (the first binding of an id stays).
   */
  clientIds?: number[];
}

/** A Yjs client id and the user who first wrote with it on a board. */
export interface DocClientRecord {
  clientId: number;
  userId: string;
}

/** What a board loads from: the latest snapshot plus the updates after it. */
export interface LoadedDocument {
  snapshot: Uint8Array | null;
  /** The seq of the last update folded into the snapshot (0 when none). */
  snapshotSeq: number;
  updates: StoredUpdate[];
  /** loadDocumentAt with `history`: `snapshot` is the snapshot's history form (history/historySnapshot.ts). */
  historySnapshot?: boolean;
}

/** A board's committed head: the last seq in its log and the state vector of the log up to it. */
export interface BoardHead {
  lastSeq: number;
  /** Y.encodeStateVector of the document the log builds (clients in ascending order). */
  stateVector: Uint8Array;
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

/** A notification as stored: for one person (`userId`); `read`/`boardName` are filled in when listed. */
export interface NewNotification extends Omit<Notification, 'read' | 'boardName'> {
  userId: string;
}

export interface NotificationQuery {
  limit: number;
  /** Only notifications older than this one (newest first paging). */
  before?: string;
  unreadOnly?: boolean;
}

/** A confirmed CSV import, kept so its importer (or an owner) can undo it as a whole. */
export interface ImportRecord {
  id: string;
  boardId: string;
  /** The importer. */
  userId: string;
  at: string;
  /** JSON of the ImportUndo (shared/src/import/undo.ts): what undoing puts back. */
  undo: string;
  undoneAt: string | null;
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

  /** Replaces a user's password hash (operator reset). False when there is no such user. */
  setPasswordHash(userId: string, passwordHash: string): Promise<boolean>;

  createSession(input: { idHash: string; userId: string; expiresAt: string; userAgent?: string }): Promise<void>;
  /** The session's user when the session exists and has not expired. */
  getSessionUser(idHash: string): Promise<UserRecord | null>;
  /** The session and its user when it exists and has not expired (idle checks are the caller's). */
  getSession(idHash: string): Promise<{ user: UserRecord; session: SessionRecord } | null>;
  /** Records use of a session (idle timeout counts from here). */
  touchSession(idHash: string, at: string): Promise<void>;
  /** The user's unexpired sessions, most recently used first. */
  listSessions(userId: string): Promise<SessionRecord[]>;
  deleteSession(idHash: string): Promise<void>;
  /** Deletes one of the user's sessions by public id; returns its hash (to close what it opened) or null. */
  deleteUserSession(userId: string, id: string): Promise<string | null>;
  /** Deletes all the user's sessions but `exceptIdHash`; returns their hashes. */
  deleteUserSessions(userId: string, exceptIdHash?: string): Promise<string[]>;

  createApiToken(input: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    access?: TokenAccess;
    boardId?: string | null;
    expiresAt?: string | null;
  }): Promise<void>;
  getTokenUser(tokenHash: string): Promise<UserRecord | null>;
  /** The token and its user when it exists and has not expired. */
  getApiToken(tokenHash: string): Promise<{ user: UserRecord; token: ApiTokenRecord } | null>;
  /** Records a token's use (shown as "last used"). */
  touchApiToken(tokenHash: string, at: string): Promise<void>;
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

  // Invitations (pending until accepted).
  /**
   * Creates an invitation; an email invitation to a board that already has one for that
   * email replaces its role. Exactly one of `email` and `tokenHash` is given.
   */
  createInvitation(input: {
    id: string;
    boardId: string;
    email?: string;
    tokenHash?: string;
    role: Role;
    invitedBy: string;
    expiresAt?: string | null;
  }): Promise<InvitationRecord>;
  /** The board's unexpired invitations (email and link), oldest first. */
  listBoardInvitations(boardId: string): Promise<InvitationRecord[]>;
  /** Unexpired email invitations for `email`, oldest first. */
  listInvitationsForEmail(email: string): Promise<InvitationRecord[]>;
  getInvitation(id: string): Promise<InvitationRecord | null>;
  /** The unexpired link invitation with this token hash. */
  getInvitationByToken(tokenHash: string): Promise<InvitationRecord | null>;
  /** Deletes one invitation of the board; false when there was none. */
  deleteInvitation(boardId: string, id: string): Promise<boolean>;
  /**
   * In one transaction: deletes the unexpired invitation and makes `userId` a member with
   * its role (an existing higher role is kept). Returns the resulting role, or null when
   * the invitation is gone or expired (each invitation is used at most once).
   */
  acceptInvitation(id: string, userId: string): Promise<Role | null>;

  // Throttling (shared by every process on the database).
  getAttempts(key: string): Promise<AttemptCount | null>;
  /**
   * One throttle admission, atomic across every process on the database: reads the counters
   * under `keys`, asks `waitFor` how long they make this attempt wait, and when that is 0
   * counts one attempt under each key at `at` (ms); a count whose last attempt is older than
   * its `resetBefore` starts again from zero. All in one transaction that holds the keys, so
   * concurrent attempts on other processes see this one counted. Returns the wait.
   */
  admitAttempt(keys: { key: string; resetBefore: number }[], at: number, waitFor: (counts: (AttemptCount | null)[]) => number): Promise<number>;
  clearAttempts(key: string): Promise<void>;

  /**
   * The document log. Commits the updates, and the activity derived from them, durably
   * (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on) in one transaction, with
   * gapless seqs in commit order however many processes append; returns the last seq. Like
   * addActivity, it queues in the same transaction a webhook delivery of each event
   * (enqueueDeliveries' rows) for every enabled webhook of the board subscribed to its type.
   */
  appendUpdates(boardId: string, updates: NewUpdate[], activity?: ActivityEvent[]): Promise<number>;
  loadDocument(boardId: string): Promise<LoadedDocument>;
  /** Writes a snapshot of the state after `uptoSeq` (then thins older ones, as compact does); the update log itself is kept. Prefer `compact`. */
  writeSnapshot(boardId: string, uptoSeq: number, state: Uint8Array, historyState?: Uint8Array): Promise<void>;
  /** Keeps the history form (history/historySnapshot.ts) of the board's existing snapshot after `uptoSeq`. */
  writeHistorySnapshot(boardId: string, uptoSeq: number, historyState: Uint8Array): Promise<void>;
  /**
   * Folds the log up to `uptoSeq` into a snapshot built from the log itself (previous
   * snapshot + updates, in a fresh Y.Doc), never from a process's memory, so it is right
   * however many processes write. A no-op when another process is compacting the board
   * or a snapshot at or after `uptoSeq` exists. With `whenDue` (a room's periodic
   * compaction), also a no-op while the log after the latest snapshot is small next to it
   * (store/snapshotDue.ts). Writing a snapshot (here or in writeSnapshot) then drops older
   * ones the retention rule lets go (store/snapshotRetention.ts; the latest is always kept);
   * when only that drop fails, the snapshot stays written and this rejects with
   * SnapshotThinningError (store/errors.ts).
   */
  compact(boardId: string, uptoSeq: number, options?: { whenDue?: boolean }): Promise<void>;
  /** The committed heads of these boards, read at once (boards without a head are left out). */
  readHeads(boardIds: readonly string[]): Promise<Map<string, BoardHead>>;
  /**
   * The board as it was at `at` (an ISO time): the newest snapshot whose last update is at
   * or before `at`, plus the logged updates after it up to `at` (one indexed lookup; never
   * a replay from the start when a snapshot exists). Empty before the board's first update.
   * With `history`, the snapshot's history form when it is kept (then `historySnapshot` is true).
   */
  loadDocumentAt(boardId: string, at: string, options?: { history?: boolean }): Promise<LoadedDocument>;
  /** The distinct times of the board's logged updates, oldest first (the newest `limit`): where history can step. */
  listUpdateTimes(boardId: string, limit: number): Promise<string[]>;
  /** The log in order, for history: updates with seq > afterSeq (and <= uptoSeq when given). */
  listUpdates(boardId: string, afterSeq?: number, uptoSeq?: number): Promise<StoredUpdate[]>;
  /** Like listUpdates(afterSeq, uptoSeq), with only each update's first UPDATE_HEAD_BYTES bytes (its header: clients and first clocks). */
  listUpdateHeads(boardId: string, afterSeq: number, uptoSeq: number): Promise<StoredUpdate[]>;
  /** Every Yjs client id bound on the board (see NewUpdate.clientIds). */
  listDocClients(boardId: string): Promise<DocClientRecord[]>;

  // Activity.
  /** Stores events (and queues their webhook deliveries, as appendUpdates does). */
  addActivity(events: ActivityEvent[]): Promise<void>;
  listActivity(boardId: string, query: ActivityQuery): Promise<ActivityEvent[]>;

  // Watches and the notification inbox (server/src/notifications).
  /** Sets the person's choice for a deal (`dealId`) or for every deal of the board (`dealId: null`). */
  setWatch(userId: string, boardId: string, dealId: string | null, watching: boolean): Promise<void>;
  /** Watches the deal unless the person already made a choice for it (auto-watch never overrides "unwatch"); true when it did. */
  watchUnlessChosen(userId: string, boardId: string, dealId: string): Promise<boolean>;
  /** The person's choices on boards they still belong to. */
  listWatches(userId: string): Promise<Watch[]>;
  /** Every member's choice for this deal and for the whole board (`dealId: null`). */
  listWatchChoices(boardId: string, dealId: string): Promise<Array<{ userId: string; dealId: string | null; watching: boolean }>>;
  addNotifications(notifications: NewNotification[]): Promise<void>;
  /** The person's notifications newest first, only of boards they belong to (losing access hides them). */
  listNotifications(userId: string, query: NotificationQuery): Promise<Notification[]>;
  /** Unread notifications of boards the person belongs to. */
  countUnreadNotifications(userId: string): Promise<number>;
  /** Marks read; returns the ids that were unread (empty when nothing changed). */
  markNotificationsRead(userId: string, ids: string[] | 'all', at: string): Promise<string[]>;
  /** The stored settings JSON (null when never saved). */
  getNotificationSettings(userId: string): Promise<unknown>;
  saveNotificationSettings(userId: string, settings: unknown): Promise<void>;
  /** Records that the person looked now; returns when they last looked before (null the first time). */
  touchNotificationsSeen(userId: string, at: string): Promise<string | null>;

  /** Resolves when the store answers a trivial query (GET /api/ready); rejects with the reason. */
  ping(): Promise<void>;

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
  recordDeliveryAttempt(
    id: string,
    result: { status: DeliveryStatus; statusCode: number | null; lastError: string | null; nextAttemptAt: string | null },
  ): Promise<void>;

  // Confirmed imports (undo of a whole import).
  saveImport(record: Omit<ImportRecord, 'undoneAt'>): Promise<void>;
  getImport(boardId: string, id: string): Promise<ImportRecord | null>;
  /**
   * Marks the import undone at `at` only if it was not (true when this call did it, so two
   * undos at once cannot both run), or, with `at: null`, not undone again (an undo that failed).
   */
  setImportUndone(boardId: string, id: string, at: string | null): Promise<boolean>;
  close(): Promise<void>;
}
