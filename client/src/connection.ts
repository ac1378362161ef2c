/**
 * One open board: the Y.Doc, its y-websocket provider (document + awareness), the Socket.IO
 * socket for the server's own events, the session's origin and undo manager, and the derived
 * connection / save / access state the header shows.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { io, type Socket } from 'socket.io-client';
import type { ActivityEvent, ClientToServerEvents, ServerToClientEvents } from '../../shared/src/events';
import { canEdit, type Role } from '../../shared/src/roles';
import { CloseCodes } from '../../shared/src/closeCodes';
import { boardMap, columnsMap, dealsMap, userOrigin, type BoardPreview, type MutationOrigin } from './model';
import { BoardStore } from './hooks/boardStore';
import { Signal } from './lib/signal';
import { api, ApiError, type BoardDetails } from './api';
import { exposeForTests } from './debug';
import { onAuthMessage } from './lib/authChannel';
import { boardDatabaseName, forgetBoard, hasBoardDatabase } from './lib/localData';
import { storePendingChanges, readPendingChanges, type PendingChange } from './lib/pendingChanges';
import { markLoadTimings } from './lib/loadMarks';
import { whenIdle } from './lib/whenIdle';
import { takeBoardDetails, takeBoardPreview } from './lib/earlyRequests';

/** `signed-out`: the server closed us with 4401; edits wait here until the user signs in again. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'signed-out';
export type SaveStatus = 'saved' | 'saving';
export type ClosedReason = 'access-removed' | 'deleted' | 'not-found' | null;
/** Why the server stopped taking this connection's edits: the board is full, one change too large, too many too fast. */
export type RefusedReason = 'too-large' | 'change-too-large' | 'rate-limited' | null;

/** Local awareness fields this client publishes; `user` is stamped by the server. */
export interface LocalPresence {
  openDealId?: string | null;
  draggingDealId?: string | null;
  typingIn?: string | null;
  /** Set by the notes editor binding (y-codemirror.next) while a notes editor is open. */
  cursor?: { anchor: unknown; head: unknown } | null;
  /** The deal whose row I am on in the table view. */
  tableRow?: string | null;
}

const OFFLINE_AFTER_MS = 2_500;
/** If Socket.IO cannot join, the document still syncs after this long (saves then show late). */
const YJS_WITHOUT_EVENTS_AFTER_MS = 3_000;
/**
 * This device's copy stores the first server state once the page is idle (the board painted;
 * see quietFirstLoad), or after this long at the latest; without idle callbacks, after it.
 */
const STORE_FIRST_STATE_WITHIN_MS = 3_000;
/** Local changes closer together than this count as one in "N changes kept on this device". */
const CHANGE_BURST_MS = 1_000;

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class BoardConnection {
  readonly doc = new Y.Doc();
  readonly store: BoardStore;
  readonly provider: WebsocketProvider;
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly origin: MutationOrigin;
  readonly undo: Y.UndoManager;

  readonly status = new Signal<ConnectionStatus>(navigator.onLine === false ? 'offline' : 'connecting');
  readonly synced = new Signal(false);
  readonly save = new Signal<SaveStatus>('saved');
  /** My changes kept on this device and not yet covered by `board:saved` (also those of an earlier visit). */
  readonly unsaved = new Signal(0);
  /** Null until the board's details arrive (and after access was removed). */
  readonly role = new Signal<Role | null>(null);
  /**
   * The board's details (name, role), asked for as the connection opens: they and the document
   * both wait for the server to load the board, so neither waits for the other.
   */
  readonly details: Promise<BoardDetails>;
  /**
   * The server's first-paint preview of the board (shared/src/board/preview.ts), shown until the
   * document has synced; null before it arrives, after the sync, and when not asked for.
   */
  readonly preview = new Signal<BoardPreview | null>(null);
  readonly closed = new Signal<ClosedReason>(null);
  readonly refused = new Signal<RefusedReason>(null);
  /** Counts successful `board:join`s: a new value means live events flow again (after a gap, on a rejoin). */
  readonly joins = new Signal(0);

  /** Kept in the IndexedDB copy too, so a reload offline still knows what is unsaved (see lib/pendingChanges). */
  private pending: PendingChange[] = [];
  /** The board's document on this device (null while signed out: the copy was deleted). */
  private localCopy: IndexeddbPersistence | null = null;
  private lastChangeAt = 0;
  private fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private activityListeners = new Set<(e: ActivityEvent) => void>();
  private destroyed = false;
  /** Counts `board:access` events, so a slower REST answer read before one cannot undo it. */
  private accessChanges = 0;
  private stopAuthListener: (() => void) | null = null;
  private readonly stopLoadMarks: () => void;

  /** `withPreview`: paint the server's preview until synced (the live board view; not a table or a past moment). */
  constructor(
    readonly boardId: string,
    readonly userId: string,
    withPreview = false,
  ) {
    if (withPreview) {
      // Shown until the board syncs; never once it is closed or signed out (nothing may come then).
      const over = () => this.destroyed || this.synced.get() || this.closed.get() !== null || this.status.get() === 'signed-out';
      takeBoardPreview(boardId).then(
        (preview) => !over() && this.preview.set(preview),
        () => undefined, // No preview: the skeleton shows until the board has synced.
      );
      const drop = () => over() && this.preview.set(null);
      this.synced.subscribe(drop);
      this.closed.subscribe(drop);
      this.status.subscribe(drop);
    }
    this.details = takeBoardDetails(boardId).then((board) => {
      // A `board:access` that came meanwhile is newer than this answer.
      if (this.accessChanges === 0 && !this.closed.get()) this.role.set(board.role);
      return board;
    });
    this.origin = userOrigin(userId);
    this.store = new BoardStore(this.doc);
    this.updateSave();
    this.undo = new Y.UndoManager([boardMap(this.doc), columnsMap(this.doc), dealsMap(this.doc)], {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });

    const wsOrigin = location.origin.replace(/^http/, 'ws');
    // The document connects as soon as the device copy has loaded when it holds no unsaved
    // change (see `takeOverPending`); otherwise, and on every reconnect, once the event socket has joined
    // the board (see `resumeDocument`), so the server's words about the returning edits (saved,
    // conflicts) reach us. The Yjs upgrade checks identity and membership by itself.
    this.provider = new WebsocketProvider(`${wsOrigin}/yjs`, boardId, this.doc, { disableBc: true, maxBackoffTime: 2_000, connect: false });
    this.fallbackTimer = setTimeout(() => this.resumeDocument(), YJS_WITHOUT_EVENTS_AFTER_MS);
    this.doc.on('beforeTransaction', this.quietFirstLoad);
    this.stopLoadMarks = markLoadTimings(this.doc, (origin) =>
      origin === this.provider ? 'server' : origin instanceof IndexeddbPersistence ? 'local-copy' : 'other',
    );
    this.gateWrites();
    this.role.subscribe(this.gateWrites);
    this.provider.on('status', ({ status }) => this.onStatus(status));
    this.provider.on('sync', this.onFirstSync);
    this.provider.on('sync', (isSynced: boolean) => {
      if (isSynced) this.synced.set(true);
    });
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      if (event.code === CloseCodes.SignedOut) this.onSignedOut();
      else if (event.code === CloseCodes.AccessRemoved) this.close('access-removed');
      else if (event.code === CloseCodes.BoardDeleted) this.close('deleted');
      else if (event.code === CloseCodes.TooLarge) this.refused.set(event.reason === 'update too large' ? 'change-too-large' : 'too-large');
      else if (event.code === CloseCodes.TooManyRequests) this.refused.set('rate-limited');
    });

    void this.openCopyWhenKnown();

    this.socket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    this.socket.on('connect', () => {
      this.socket.emit('board:join', { boardId }, (ack) => {
        if ('error' in ack) {
          if (ack.error.code === 'not_found' || ack.error.code === 'forbidden') this.close('not-found');
          else this.resumeDocument();
          return;
        }
        this.joins.set(this.joins.get() + 1);
        this.resumeDocument();
        // A role change announced while this socket was away would be missed: ask once. The answer
        // travels apart from the events, so one that was read before a newer `board:access` is stale.
        const changesBefore = this.accessChanges;
        api.getBoard(boardId).then(
          (board) => changesBefore === this.accessChanges && this.role.set(board.role),
          (err: unknown) => {
            if (changesBefore === this.accessChanges && err instanceof ApiError && err.status === 404) this.close('access-removed');
          },
        );
      });
    });
    this.socket.on('connect_error', (error) => {
      if (error.message === 'unauthenticated') this.onSignedOut();
    });
    this.socket.on('disconnect', (reason) => {
      if (this.destroyed || this.closed.get() || this.status.get() === 'signed-out') return;
      // Usually the server went away: hold the document until the socket is back and joined, so
      // edits made meanwhile are committed while we listen for `board:saved`.
      this.provider.disconnect();
      // Socket.IO does not retry after a server-side disconnect; the board should.
      if (reason === 'io server disconnect') setTimeout(() => !this.destroyed && this.socket.connect(), 1_000);
      else this.fallbackTimer ??= setTimeout(() => this.resumeDocument(), YJS_WITHOUT_EVENTS_AFTER_MS * 3);
    });
    this.socket.on('board:saved', ({ boardId: id, stateVector }) => {
      if (id !== boardId) return;
      let saved: Map<number, number>;
      try {
        saved = Y.decodeStateVector(base64ToBytes(stateVector));
      } catch {
        return;
      }
      const before = this.pending.length;
      this.pending = this.pending.filter(([client, clock]) => (saved.get(client) ?? 0) < clock);
      if (this.pending.length !== before) this.storePending();
      this.updateSave();
    });
    this.socket.on('board:access', ({ boardId: id, role: next }) => {
      if (id !== boardId) return;
      this.accessChanges++;
      if (next === null) this.close('access-removed');
      else this.role.set(next);
    });
    this.socket.on('board:deleted', ({ boardId: id }) => {
      if (id === boardId) this.close('deleted');
    });
    this.socket.on('activity:added', (e) => {
      if (e.boardId === boardId) for (const l of this.activityListeners) l(e);
    });

    this.doc.on('afterTransaction', this.onTransaction);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('focus', this.checkSignedIn);
    document.addEventListener('visibilitychange', this.checkSignedIn);
    this.stopAuthListener = onAuthMessage((message) => {
      if (message.type === 'signed-in') this.checkSignedIn();
      // The signing-out tab deletes every local copy; ours must close so it can.
      else this.closeLocalCopy();
    });
    exposeForTests({ doc: this.doc, connection: this });
  }

  get awareness() {
    return this.provider.awareness;
  }

  /** Sets this client's own awareness fields (never `user`: the server stamps it). */
  setPresence(fields: LocalPresence): void {
    if (this.destroyed) return;
    const current = (this.awareness.getLocalState() ?? {}) as Record<string, unknown>;
    let changed = false;
    for (const [k, v] of Object.entries(fields)) {
      if (JSON.stringify(current[k] ?? null) !== JSON.stringify(v ?? null)) changed = true;
    }
    if (changed) this.awareness.setLocalState({ ...current, ...fields });
  }

  onActivity(listener: (e: ActivityEvent) => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  /**
   * The first load into an empty document (the server's state on a first visit, in one message
   * or in many up to its SyncStep2; this device's copy on a repeat one; 15 MiB for a
   * 10,000-deal board) is applied with no `update` listeners: Yjs then skips encoding it again
   * as update events, which took most of a second before the board could paint, and which no
   * listener needs:
   * - the server's state: the provider's listener ignores the server's own updates, and the
   *   copy stores the whole state once the board has painted instead;
   * - the copy's content: the copy ignores its own updates, and while the document socket is
   *   not open nothing is sent (the sync on opening exchanges what either side lacks); an open
   *   socket keeps its listener, so the server gets what the copy holds.
   */
  private quietFirstLoad = (txn: Y.Transaction) => {
    const copy = this.localCopy;
    const fromServer = txn.origin === this.provider;
    const empty = this.doc.store.clients.size === 0;
    if (fromServer && empty && !this.provider.synced) this.loadingServerState = true;
    if (fromServer ? !this.loadingServerState : copy === null || txn.origin !== copy || !empty) {
      if (!empty && !this.loadingServerState) this.doc.off('beforeTransaction', this.quietFirstLoad);
      return;
    }
    const sends = this.sendsUpdates && (fromServer || !this.provider.wsconnected);
    if (copy) this.doc.off('update', copy._storeUpdate);
    if (sends) this.doc.off('update', this.provider._updateHandler);
    this.doc.once('afterAllTransactions', () => {
      if (sends && this.sendsUpdates) this.doc.on('update', this.provider._updateHandler);
      // A copy opened later stores the whole state as it opens (y-indexeddb does).
      if (copy && this.localCopy === copy) this.doc.on('update', copy._storeUpdate);
    });
  };

  /** From the server's first message into an empty document until its SyncStep2 (see quietFirstLoad). */
  private loadingServerState = false;

  /** The server's first state has all arrived: the device's copy stores the whole of it once the page is idle. */
  private onFirstSync = (synced: boolean) => {
    if (!synced || !this.loadingServerState) return;
    this.loadingServerState = false;
    this.doc.off('beforeTransaction', this.quietFirstLoad);
    const copy = this.localCopy;
    if (!copy) return;
    whenIdle(() => {
      if (this.localCopy === copy && !this.destroyed) void storeState(copy);
    }, STORE_FIRST_STATE_WITHIN_MS);
  };

  /** (Re)connects the document unless it is already connecting or the board is closed. */
  private resumeDocument(): void {
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
    if (this.destroyed || this.closed.get() || this.status.get() === 'signed-out' || this.provider.shouldConnect) return;
    this.provider.connect();
  }

  /**
   * A viewer's client sends no document updates at all (the server would drop them anyway):
   * the provider's update listener is attached only while the role may edit.
   */
  private sendsUpdates = true;
  private gateWrites = () => {
    // Before the details say the role, updates go out: the server drops a viewer's anyway.
    const role = this.role.get();
    const may = role === null || canEdit(role);
    if (may === this.sendsUpdates) return;
    this.sendsUpdates = may;
    if (may) this.doc.on('update', this.provider._updateHandler);
    else this.doc.off('update', this.provider._updateHandler);
  };

  /**
   * The session ended (signed out in another tab, or expired): stop both reconnect loops, since
   * every attempt would be refused, and keep the edits until `checkSignedIn` finds a session.
   */
  private onSignedOut(): void {
    if (this.destroyed || this.closed.get()) return;
    this.clearOfflineTimer();
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
    this.status.set('signed-out');
    this.provider.disconnect();
    this.socket.disconnect();
  }

  /**
   * While signed out: asks the server who we are (on focus, and when another tab signs in). The
   * same user again: reconnect, and the edits made meanwhile are delivered. Someone else: this
   * tab's board and edits are not theirs to see or send, so the page starts afresh.
   */
  private readonly checkSignedIn = (): void => {
    if (this.destroyed || this.status.get() !== 'signed-out' || document.visibilityState === 'hidden') return;
    api.me().then(
      (user) => {
        if (this.destroyed || this.status.get() !== 'signed-out') return;
        if (user.id !== this.userId) {
          location.reload();
          return;
        }
        this.status.set('reconnecting');
        this.openLocalCopy();
        this.socket.connect();
      },
      () => {
        // Still signed out (or unreachable): the next focus or sign-in tries again.
      },
    );
  };

  /**
   * A copy this device already has opens at once (it is this user's: see claimLocalData), and
   * the document connects once it has loaded. A new copy is made only once the details say this
   * user may see the board, so a board merely navigated to leaves nothing on the device; with no
   * copy, nothing can be pending, and the document connects at once. A copy opened on a loaded
   * document encodes all of it as it opens, so that waits until the board has painted.
   */
  private async openCopyWhenKnown(): Promise<void> {
    if (typeof indexedDB === 'undefined') return this.resumeDocument();
    const exists = await hasBoardDatabase(this.boardId);
    if (this.destroyed) return;
    if (exists) return this.openLocalCopy(true);
    this.resumeDocument();
    const open = () => !this.destroyed && !this.closed.get() && this.status.get() !== 'signed-out' && this.openLocalCopy();
    this.details.then(
      () => {
        if (this.doc.store.clients.size === 0) open();
        else whenIdle(open, STORE_FIRST_STATE_WITHIN_MS);
      },
      () => {
        // No details, no copy.
      },
    );
  }

  /**
   * Opens (or reopens, after signing in again) the board's copy on this device. A copy with
   * content shows the board at once, before the server answers, and works with no connection.
   */
  private openLocalCopy(firstOpen = false): void {
    if (this.localCopy || typeof indexedDB === 'undefined') return;
    const copy = new IndexeddbPersistence(boardDatabaseName(this.boardId), this.doc);
    // A viewer's own changes are dropped by the server; kept here they would come back on every
    // reload. So a viewer's copy stores only what the server sent (and what was loaded).
    const storeAll = copy._storeUpdate;
    this.doc.off('update', storeAll);
    copy._storeUpdate = (update, origin, ...rest: unknown[]) => {
      const txn = rest[1] as Y.Transaction | undefined;
      if (txn?.local && this.role.get() === 'viewer') return;
      storeAll(update, origin);
    };
    this.doc.on('update', copy._storeUpdate);
    copy.on('synced', () => {
      if (this.localCopy === copy && this.doc.store.clients.size > 0) this.synced.set(true);
    });
    this.localCopy = copy;
    this.takeOverPending(copy, firstOpen);
  }

  /**
   * The changes earlier visits (or other tabs) left unsaved are taken over: this tab sends the
   * whole local copy and clears them once `board:saved` covers them.
   *
   * On the first open with none, the document connects as soon as the copy has loaded (at once
   * on a first visit), in parallel with the event socket's join and the board's details.
   * Changes left unsaved go out only once the socket has joined, so the conflicts they make are
   * told to us (their `board:saved` would reach us in any case: `board:join` sends it).
   */
  private takeOverPending(copy: IndexeddbPersistence, firstOpen: boolean): void {
    readPendingChanges(copy, this.doc.clientID).then(
      async ({ changes, release }) => {
        if (this.localCopy !== copy || this.destroyed) return;
        const known = new Set(this.pending.map(([client, clock]) => `${client}:${clock}`));
        this.pending = [...changes.filter(([client, clock]) => !known.has(`${client}:${clock}`)), ...this.pending];
        this.updateSave();
        // After the copy has loaded, so the first sync asks only for what it lacks (not all 15 MiB again).
        if (firstOpen && this.pending.length === 0) void copy.whenSynced.then(() => this.localCopy === copy && this.resumeDocument());
        await storePendingChanges(copy, this.doc.clientID, this.pending);
        await release();
      },
      () => {
        // Storage refused or closed meanwhile: nothing to take over.
      },
    );
  }

  private closeLocalCopy(): void {
    void this.localCopy?.destroy();
    this.localCopy = null;
  }

  private onTransaction = (txn: Y.Transaction) => {
    if (!txn.local || txn.changed.size === 0) return;
    const clock = txn.afterState.get(this.doc.clientID) ?? 0;
    if (clock > (txn.beforeState.get(this.doc.clientID) ?? 0)) {
      // A burst (typing a sentence) counts as one change, not one per key.
      const last = this.pending.at(-1);
      const now = Date.now();
      if (last && last[0] === this.doc.clientID && now - this.lastChangeAt < CHANGE_BURST_MS) last[1] = clock;
      else this.pending.push([this.doc.clientID, clock]);
      this.lastChangeAt = now;
      this.storePending();
    }
    this.updateSave();
  };

  private storePending(): void {
    if (this.destroyed || !this.localCopy) return;
    storePendingChanges(this.localCopy, this.doc.clientID, this.pending).catch(() => {
      // The copy was closed meanwhile (signed out, access lost): nothing left to keep.
    });
  }

  private updateSave(): void {
    this.unsaved.set(this.pending.length);
    this.save.set(this.pending.length === 0 ? 'saved' : 'saving');
  }

  private onStatus(status: 'connected' | 'disconnected' | 'connecting'): void {
    if (this.status.get() === 'signed-out') return;
    if (status === 'connected') {
      this.everConnected = true;
      this.clearOfflineTimer();
      this.status.set(navigator.onLine === false ? 'offline' : 'connected');
      return;
    }
    if (this.status.get() === 'offline') return;
    if (this.everConnected) this.status.set('reconnecting');
    if (!this.offlineTimer) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = null;
        if (!this.provider.wsconnected) this.status.set('offline');
      }, OFFLINE_AFTER_MS);
    }
  }

  private clearOfflineTimer(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
  }

  private onOnline = () => {
    if (this.status.get() === 'signed-out') return this.checkSignedIn();
    if (this.provider.wsconnected) this.status.set('connected');
    // The document follows the event socket's join (see `resumeDocument`), so that the server's
    // words about our returning edits (saved, conflicts) reach us: hurry the socket, not the doc.
    else if (this.socket.connected) this.resumeDocument();
    else this.socket.connect();
  };

  private onOffline = () => {
    if (this.status.get() !== 'signed-out') this.status.set('offline');
  };

  private onBeforeUnload = (e: BeforeUnloadEvent) => {
    // With a local copy the edits survive closing the tab; without one (signed out) they would not.
    if (!this.localCopy && this.save.get() === 'saving' && this.role.get() !== 'viewer' && !this.closed.get()) {
      e.preventDefault();
      e.returnValue = '';
    }
  };

  private close(reason: Exclude<ClosedReason, null>): void {
    this.closed.set(reason);
    this.provider.disconnect();
    // No longer ours to keep on this device.
    const copy = this.localCopy;
    this.localCopy = null;
    this.pending = [];
    void (copy?.destroy() ?? Promise.resolve()).then(() => forgetBoard(this.boardId));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearOfflineTimer();
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    window.removeEventListener('focus', this.checkSignedIn);
    document.removeEventListener('visibilitychange', this.checkSignedIn);
    this.stopAuthListener?.();
    this.stopLoadMarks();
    this.doc.off('beforeTransaction', this.quietFirstLoad);
    this.doc.off('afterTransaction', this.onTransaction);
    this.closeLocalCopy();
    this.socket.emit('board:leave', { boardId: this.boardId });
    this.socket.disconnect();
    this.provider.destroy();
    this.undo.destroy();
    this.store.destroy();
    this.doc.destroy();
  }
}
