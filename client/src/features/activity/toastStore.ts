/** The deal toasts on screen (bottom-right): a short list, newest last, each dismissed by id. */
import type { ActivityEvent } from '../../../../shared/src/events';

export interface DealToast {
  /** The event id: one toast per event, even if it is heard twice. */
  id: string;
  event: ActivityEvent;
  dealId: string;
  text: string;
}

const MAX_TOASTS = 4;

export class DealToastStore {
  private list: DealToast[] = [];
  private listeners = new Set<() => void>();

  getSnapshot = (): DealToast[] => this.list;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  push(toast: DealToast): void {
    if (this.list.some((t) => t.id === toast.id)) return;
    this.list = [...this.list, toast].slice(-MAX_TOASTS);
    this.emit();
  }

  dismiss(id: string): void {
    const next = this.list.filter((t) => t.id !== id);
    if (next.length === this.list.length) return;
    this.list = next;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
