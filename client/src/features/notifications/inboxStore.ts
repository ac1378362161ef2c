/**
 * The signed-in person's inbox, for the whole app (not one board): the newest notifications,
 * the unread count across all their boards, their settings and the "while you were away"
 * digest. Its own Socket.IO connection hears `notification:added` / `notification:read` for
 * the person (the server puts every socket in the person's room), so read state follows
 * across tabs and devices live. A board lost (`board:access` null) reloads the list.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/src/events';
import type { Digest, Notification, NotificationSettings } from '../../../../shared/src/notifications';
import { notificationsApi } from './notificationsApi';

/** The server's default page size (GET /api/me/notifications). */
const PAGE = 50;

export interface InboxSnapshot {
  notifications: Notification[];
  unreadCount: number;
  settings: NotificationSettings | null;
  digest: Digest | null;
  loaded: boolean;
  /** False once a page came back short: nothing older to load. */
  hasOlder: boolean;
}

export class InboxStore {
  private snapshot: InboxSnapshot = { notifications: [], unreadCount: 0, settings: null, digest: null, loaded: false, hasOlder: false };
  private readonly listeners = new Set<() => void>();
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  /** Called with each new notification whose kind toasts (set by the UI). */
  onToast: ((notification: Notification) => void) | null = null;

  getSnapshot = (): InboxSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.socket) return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => void this.reload()); // anything missed while away
    socket.on('notification:added', (n) => {
      if (this.snapshot.notifications.some((x) => x.id === n.id)) return;
      this.set({ notifications: [n, ...this.snapshot.notifications], unreadCount: this.snapshot.unreadCount + (n.read ? 0 : 1) });
      if (this.snapshot.settings?.kinds[n.kind].toast) this.onToast?.(n);
    });
    socket.on('notification:read', (payload) => this.applyRead(payload));
    socket.on('board:access', ({ role }) => {
      if (role === null) void this.reload();
    });
    void notificationsApi.digest().then(
      (digest) => this.set({ digest }),
      () => undefined,
    );
    void notificationsApi.settings().then(
      (settings) => this.set({ settings }),
      () => undefined,
    );
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  async reload(): Promise<void> {
    try {
      const { notifications, unreadCount } = await notificationsApi.list();
      this.set({ notifications, unreadCount, loaded: true, hasOlder: notifications.length >= PAGE });
    } catch {
      // offline: keep what we have; the next connect reloads
    }
  }

  /** Appends the next page of older notifications. */
  async loadOlder(): Promise<void> {
    const last = this.snapshot.notifications[this.snapshot.notifications.length - 1];
    if (!last) return;
    const { notifications } = await notificationsApi.list({ before: last.id });
    const known = new Set(this.snapshot.notifications.map((n) => n.id));
    this.set({ notifications: [...this.snapshot.notifications, ...notifications.filter((n) => !known.has(n.id))], hasOlder: notifications.length >= PAGE });
  }

  /** Marks read here at once and on the server (every other tab follows over the socket). */
  markRead(ids: string[] | 'all'): void {
    let payload: { ids: string[] } | { all: true } = { all: true };
    if (ids !== 'all') {
      const unread = ids.filter((id) => this.snapshot.notifications.some((n) => n.id === id && !n.read));
      if (unread.length === 0) return;
      payload = { ids: unread };
    }
    this.applyRead(payload);
    void notificationsApi.markRead(payload).catch(() => void this.reload());
  }

  /** Shows the new settings at once, saves them, and puts the old ones back if the server refuses. */
  async saveSettings(settings: NotificationSettings): Promise<void> {
    const before = this.snapshot.settings;
    this.set({ settings });
    try {
      this.set({ settings: await notificationsApi.saveSettings(settings) });
    } catch (err) {
      this.set({ settings: before });
      throw err;
    }
  }

  dismissDigest(): void {
    this.set({ digest: null });
  }

  private applyRead(payload: { ids: string[] } | { all: true }): void {
    const ids = 'all' in payload ? null : new Set(payload.ids);
    let newlyRead = 0;
    const notifications = this.snapshot.notifications.map((n) => {
      if (n.read || (ids && !ids.has(n.id))) return n;
      newlyRead += 1;
      return { ...n, read: true };
    });
    const unreadCount = ids ? Math.max(0, this.snapshot.unreadCount - newlyRead) : 0;
    this.set({ notifications, unreadCount });
  }

  private set(patch: Partial<InboxSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
