/**
 * The newest activity event a person has seen on a board, kept in localStorage under
 * `tranche:activity-read:<userId>:<boardId>` so the unread count survives a reload and other
 * tabs of the same person agree (the `storage` event). Event ids sort by time, so "unread" is
 * "id greater than the mark". Nothing stored yet means "not decided": the panel sets the mark to
 * the newest event it holds on first load, so a board's whole history is not news.
 */
import type { ActivityEvent } from '../../../../shared/src/events';

export class ReadMarker {
  private value: string | null;
  private listeners = new Set<() => void>();
  private readonly key: string;

  constructor(userId: string, boardId: string) {
    this.key = `tranche:activity-read:${userId}:${boardId}`;
    this.value = read(this.key);
  }

  get = (): string | null => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) window.addEventListener('storage', this.onStorage);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) window.removeEventListener('storage', this.onStorage);
    };
  };

  /** Moves the mark forward to `id` (never back). */
  markRead(id: string): void {
    if (this.value !== null && id <= this.value) return;
    this.value = id;
    try {
      localStorage.setItem(this.key, id);
    } catch {
      // storage full or blocked: the mark lives for this page only
    }
    this.emit();
  }

  private onStorage = (e: StorageEvent) => {
    if (e.key !== this.key) return;
    const next = read(this.key);
    if (next !== null && (this.value === null || next > this.value)) {
      this.value = next;
      this.emit();
    }
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Events by other people newer than the mark (nothing is unread before a mark exists). */
export function countUnread(events: readonly ActivityEvent[], mark: string | null, meId: string): number {
  if (mark === null) return 0;
  let n = 0;
  for (const e of events) {
    if (e.id <= mark) break; // newest first
    if (e.actor.id !== meId) n++;
  }
  return n;
}
