/**
 * A small dropdown menu: a trigger button and a list of actions, closed by Escape, a click
 * outside or choosing an item. Arrow keys move between items. An item with `href` is a link
 * (with `download`, the browser saves what it points at).
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  label: string;
  icon?: IconName;
  danger?: boolean;
  disabled?: boolean;
  onSelect?: () => void;
  /** Makes the item a link to this URL instead of a button. */
  href?: string;
  /** With `href`: download the target (true keeps the server's file name). */
  download?: boolean | string;
}

export function Menu({
  label,
  items,
  trigger,
  align = 'end',
  className = 'icon-btn icon-btn-sm',
}: {
  label: string;
  items: Array<MenuItem | 'separator'>;
  trigger?: ReactNode;
  align?: 'start' | 'end';
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('button[aria-haspopup]')?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const buttons = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLElement);
    const next = buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
  };

  return (
    <div className="menu-root" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        className={className}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={(e) => {
          e.stopPropagation();
          setOpen((o) => !o);
        }}
        onPointerDown={(e) => e.stopPropagation()}
      >
        {trigger ?? <Icon name="more" />}
      </button>
      {open ? (
        <div className={`menu menu-${align}`} role="menu" id={id} onPointerDown={(e) => e.stopPropagation()}>
          {items.map((item, i) =>
            item === 'separator' ? (
              <div key={`sep-${i}`} className="menu-sep" role="separator" />
            ) : item.href && !item.disabled ? (
              <a
                key={item.label}
                role="menuitem"
                className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
                href={item.href}
                download={item.download === true ? '' : item.download || undefined}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(false);
                  item.onSelect?.();
                }}
              >
                <ItemIcon icon={item.icon} />
                {item.label}
              </a>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
                disabled={item.disabled}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(false);
                  item.onSelect?.();
                }}
              >
                <ItemIcon icon={item.icon} />
                {item.label}
              </button>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}

function ItemIcon({ icon }: { icon: IconName | undefined }) {
  return icon ? <Icon name={icon} size={15} /> : <span style={{ width: 15 }} />;
}
