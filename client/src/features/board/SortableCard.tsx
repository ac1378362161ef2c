/**
 * The draggable shell around a memoised DealCard: dnd-kit's sortable wiring, the FLIP registration
 * and opening the drawer. The shell re-renders with drag state; the card inside does not.
 */
import { useCallback, type ReactNode } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { FlipController } from './flip';
import { recentlyDragged } from './dragClock';

export function SortableCard({
  dealId,
  title,
  disabled,
  isOpen,
  flip,
  onOpen,
  children,
}: {
  dealId: string;
  title: string;
  disabled: boolean;
  /** Its drawer is open here. */
  isOpen: boolean;
  flip: FlipController;
  onOpen: (dealId: string) => void;
  children: ReactNode;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: dealId, disabled, data: { type: 'deal' } });
  // A viewer cannot move the card but can still open it: keep it enabled and focusable.
  const { 'aria-disabled': _disabled, 'aria-describedby': describedBy, ...dragAttributes } = attributes;
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      setNodeRef(el);
      if (!el) return;
      flip.register(dealId, el);
      return () => flip.unregister(dealId, el);
    },
    [setNodeRef, flip, dealId],
  );
  return (
    <div
      ref={ref}
      className={`card-shell${isDragging ? ' is-dragging' : ''}${isOpen ? ' is-open' : ''}`}
      data-deal-id={dealId}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...dragAttributes}
      aria-describedby={disabled ? undefined : describedBy}
      {...listeners}
      // A group, not a button: the card holds its own buttons (watch), and a button may not.
      role="group"
      tabIndex={0}
      aria-roledescription={disabled ? 'deal' : 'draggable deal'}
      aria-label={`${title}. Press Enter to open${disabled ? '' : ', Space to move'}.`}
      onClick={() => {
        if (!recentlyDragged()) onOpen(dealId);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !isDragging) {
          e.preventDefault();
          onOpen(dealId);
          return;
        }
        listeners?.onKeyDown?.(e);
      }}
    >
      {children}
    </div>
  );
}
