/**
 * One open board: the Y.Doc, its y-websocket provider (document + awareness), the Socket.IO
 * socket for the server's own events, the session's origin and undo manager, and the derived
 * connection / save / access state the header shows.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io, type Socket } from 'socket.io-client';
import type { ActivityEvent, ClientToServerEvents, ServerToClientEvents } from '../../shared/src/events';
import type { Role } from '../../shared/src/roles';
import { CloseCodes } from '../../shared/src/closeCodes';
import { boardMap, columnsMap, dealsMap, userOrigin, type MutationOrigin } from './model';
import { BoardStore } from './hooks/boardStore';
import { Signal } from './lib/signal';
import { api, ApiError } from './api';
import { exposeForTests } from './debug';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type SaveStatus = 'saved' | 'saving';
export type ClosedReason = 'access-removed' | 'deleted' | 'not-found' | null;

/** Local awareness fields this client publishes; `user` is stamped by the server. */
export interface LocalPresence {
  openDealId?: string | null;
  draggingDealId?: string | null;
  typingIn?: string | null;
  cursor?: { dealId: string; anchor: unknown; head: unknown } | null;
  /** The deal whose row I am on in the table view. */
  tableRow?: string | null;
}

const OFFLINE_AFTER_MS = 2_500;
/** If Socket.IO cannot join, the document still syncs after this long (saves then show late). */
const YJS_WITHOUT_EVENTS_AFTER_MS = 3_000;

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

  readonly status = new Signal<ConnectionStatus>('connecting');
  readonly synced = new Signal(false);
  readonly save = new Signal<SaveStatus>('saved');
  readonly role: Signal<Role | null>;
  readonly closed = new Signal<ClosedReason>(null);
  /** Counts successful `board:join`s: a new value means live events flow again (after a gap, on a rejoin). */
  readonly joins = new Signal(0);

  private savedClock = 0;
  private fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private activityListeners = new Set<(e: ActivityEvent) => void>();
  private destroyed = false;

  constructor(
    readonly boardId: string,
    readonly userId: string,
    role: Role,
  ) {
    this.role = new Signal<Role | null>(role);
    this.origin = userOrigin(userId);
    this.store = new BoardStore(this.doc);
    this.undo = new Y.UndoManager([boardMap(this.doc), columnsMap(this.doc), dealsMap(this.doc)], {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });

    const wsOrigin = location.origin.replace(/^http/, 'ws');
    // The document connects once the event socket has joined the board (see `resumeDocument`), so a
    // `board:saved` for our edits can never be sent before we listen for it.
    this.provider = new WebsocketProvider(`${wsOrigin}/yjs`, boardId, this.doc, { disableBc: true, maxBackoffTime: 2_000, connect: false });
    this.fallbackTimer = setTimeout(() => this.resumeDocument(), YJS_WITHOUT_EVENTS_AFTER_MS);
    this.provider.on('status', ({ status }) => this.onStatus(status));
    this.provider.on('sync', (isSynced: boolean) => {
      if (isSynced) this.synced.set(true);
    });
    this.provider.on('closed', (event: { code: number }) => {
      if (event.code === CloseCodes.AccessRemoved) this.close('access-removed');
      else if (event.code === CloseCodes.BoardDeleted) this.close('deleted');
    });

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
        // A role change announced while this socket was away would be missed: ask once.
        api.getBoard(boardId).then(
          (board) => this.role.set(board.role),
          (err: unknown) => {
            if (err instanceof ApiError && err.status === 404) this.close('access-removed');
          },
        );
      });
    });
    this.socket.on('disconnect', (reason) => {
      if (this.destroyed || this.closed.get()) return;
      // Usually the server went away: hold the document until the socket is back and joined, so
      // edits made meanwhile are committed while we listen for `board:saved`.
      this.provider.disconnect();
      // Socket.IO does not retry after a server-side disconnect; the board should.
      if (reason === 'io server disconnect') setTimeout(() => !this.destroyed && this.socket.connect(), 1_000);
      else this.fallbackTimer ??= setTimeout(() => this.resumeDocument(), YJS_WITHOUT_EVENTS_AFTER_MS * 3);
    });
    this.socket.on('board:saved', ({ boardId: id, stateVector }) => {
      if (id !== boardId) return;
      try {
        this.savedClock = Math.max(this.savedClock, Y.decodeStateVector(base64ToBytes(stateVector)).get(this.doc.clientID) ?? 0);
      } catch {
        return;
      }
      this.updateSave();
    });
    this.socket.on('board:access', ({ boardId: id, role: next }) => {
      if (id !== boardId) return;
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

  /** (Re)connects the document unless it is already connecting or the board is closed. */
  private resumeDocument(): void {
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
    if (this.destroyed || this.closed.get() || this.provider.shouldConnect) return;
    this.provider.connect();
  }

  private onTransaction = (txn: Y.Transaction) => {
    if (txn.local && txn.changed.size > 0) this.updateSave();
  };

  private localClock(): number {
    return Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
  }

  private updateSave(): void {
    this.save.set(this.localClock() <= this.savedClock ? 'saved' : 'saving');
  }

  private onStatus(status: 'connected' | 'disconnected' | 'connecting'): void {
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
    if (this.provider.wsconnected) this.status.set('connected');
    else this.provider.connect();
  };

  private onOffline = () => this.status.set('offline');

  private onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (this.save.get() === 'saving' && this.role.get() !== 'viewer' && !this.closed.get()) {
      e.preventDefault();
      e.returnValue = '';
    }
  };

  private close(reason: Exclude<ClosedReason, null>): void {
    this.closed.set(reason);
    this.provider.disconnect();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearOfflineTimer();
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.doc.off('afterTransaction', this.onTransaction);
    this.socket.emit('board:leave', { boardId: this.boardId });
    this.socket.disconnect();
    this.provider.destroy();
    this.undo.destroy();
    this.store.destroy();
    this.doc.destroy();
  }
}
