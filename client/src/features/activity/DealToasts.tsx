/**
 * Deal toasts, bottom-right: "Bob Marsh moved Amazon → OpenAI to Closed — won 🎉" with a button
 * to open the deal. Each leaves after ~6 s; hovering or focusing a toast pauses it (so it can be
 * read and acted on). The stack is a polite live region, so screen readers hear new toasts
 * without being interrupted. Motion (slide in, countdown bar) is dropped under
 * prefers-reduced-motion; the toast still leaves on time.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Icon } from '../../ui/Icon';
import { useBoardSession } from '../board/boardSession';
import { useActivity } from './ActivityContext';
import { ActorAvatar } from './ActorAvatar';
import type { DealToast } from './toastStore';
import { outcomeOf } from './words';

export const TOAST_MS = 6_000;

export function DealToasts() {
  const { toasts } = useActivity();
  const list = useSyncExternalStore(toasts.subscribe, toasts.getSnapshot, toasts.getSnapshot);
  return (
    <div className="deal-toasts" role="status" aria-live="polite" aria-label="Deal notices" data-testid="deal-toasts">
      {list.map((t) => (
        <DealToastItem key={t.id} toast={t} onDismiss={() => toasts.dismiss(t.id)} />
      ))}
    </div>
  );
}

function DealToastItem({ toast, onDismiss }: { toast: DealToast; onDismiss: () => void }) {
  const { people, openDeal } = useBoardSession();
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  const remaining = useRef(TOAST_MS);
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });

  // The time left runs only while the toast is neither hovered nor focused.
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss.current(), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(0, remaining.current - (Date.now() - started));
    };
  }, [paused]);

  const outcome = outcomeOf(toast.event);
  return (
    <div
      className={`deal-toast${outcome ? ` deal-toast-${outcome}` : ''}${paused ? ' is-paused' : ''}`}
      data-testid="deal-toast"
      style={{ ['--toast-ms' as string]: `${TOAST_MS}ms` }}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <ActorAvatar event={toast.event} color={people.get(toast.event.actor.id)?.color ?? null} size={30} />
      <div className="deal-toast-main">
        <p className="deal-toast-text">{toast.text}</p>
        <div className="deal-toast-actions">
          <button
            type="button"
            className="btn btn-sm deal-toast-open"
            onClick={() => {
              openDeal(toast.dealId);
              onDismiss();
            }}
          >
            Open deal
          </button>
        </div>
      </div>
      <button type="button" className="icon-btn icon-btn-sm deal-toast-close" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="x" size={13} />
      </button>
      <span className="deal-toast-timer" aria-hidden="true" />
    </div>
  );
}
