/**
 * The `deal.conflict` events that concern me (my value was kept or overwritten), as notices on
 * the deal until I dismiss them or put my value back. One list per open board connection.
 */
import { useSyncExternalStore } from 'react';
import type { ActivityEvent } from '../../../../../shared/src/events';
import type { BoardConnection } from '../../../connection';

export interface ConflictSide {
  userId: string;
  name: string;
  value: unknown;
}

export interface ConflictNotice {
  id: string;
  dealId: string;
  field: string;
  mine: ConflictSide;
  theirs: ConflictSide;
  /** Was my value the one kept? */
  keptMine: boolean;
}

/** The notice a `deal.conflict` event makes for me, or null when it is not mine. */
export function noticeFor(event: ActivityEvent, meId: string): ConflictNotice | null {
  if (event.type !== 'deal.conflict' || !event.dealId) return null;
  const kept: ConflictSide = { ...event.data.kept, value: event.data.kept.value ?? null };
  const overwritten: ConflictSide = { ...event.data.overwritten, value: event.data.overwritten.value ?? null };
  if (kept.userId !== meId && overwritten.userId !== meId) return null;
  const keptMine = kept.userId === meId;
  return { id: event.id, dealId: event.dealId, field: event.data.field, mine: keptMine ? kept : overwritten, theirs: keptMine ? overwritten : kept, keptMine };
}

class ConflictNoticeStore {
  private notices: ConflictNotice[] = [];
  private listeners = new Set<() => void>();

  constructor(conn: BoardConnection) {
    conn.onActivity((event) => {
      const notice = noticeFor(event, conn.userId);
      if (notice && !this.notices.some((n) => n.id === notice.id)) this.set([...this.notices, notice]);
    });
  }

  get = (): ConflictNotice[] => this.notices;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dismiss(id: string): void {
    this.set(this.notices.filter((n) => n.id !== id));
  }

  private set(next: ConflictNotice[]): void {
    this.notices = next;
    for (const l of this.listeners) l();
  }
}

const stores = new WeakMap<BoardConnection, ConflictNoticeStore>();

/** The board's notice list (created, and listening, on first use; lives as long as the connection). */
export function conflictNotices(conn: BoardConnection): ConflictNoticeStore {
  let store = stores.get(conn);
  if (!store) stores.set(conn, (store = new ConflictNoticeStore(conn)));
  return store;
}

export function useConflictNotices(conn: BoardConnection): ConflictNotice[] {
  const store = conflictNotices(conn);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
