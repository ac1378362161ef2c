/**
 * Short notices at the bottom of the screen: a failed move, access changes, and reversible
 * actions ("Deal archived", "Moved to Closed"), which carry an Undo button.
 */
import { useSyncExternalStore } from 'react';
import { Icon } from './Icon';

/** A button on a toast; running it dismisses the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: ToastAction;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function toast(message: string, tone: Toast['tone'] = 'info', action?: ToastAction): void {
  const t: Toast = { id: nextId++, message, tone, action };
  toasts = [...toasts.slice(-3), t];
  emit();
  // Time to read it, and to reach for Undo.
  setTimeout(() => dismiss(t.id), tone === 'error' || action ? 8_000 : 3_500);
}

function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const get = () => toasts;

export function Toasts() {
  const list = useSyncExternalStore(subscribe, get, get);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          {t.tone === 'error' ? <Icon name="alert" size={15} /> : null}
          <span>{t.message}</span>
          {t.action ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm toast-action"
              onClick={() => {
                dismiss(t.id);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          ) : null}
          <button type="button" className="icon-btn icon-btn-sm" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            <Icon name="x" size={13} />
          </button>
        </div>
      ))}
    </div>
  );
}
