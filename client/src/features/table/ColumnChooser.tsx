/** Which columns the table shows and in what order: a checkbox and up/down per column. */
import { memo, useEffect, useRef, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { TABLE_COLUMNS } from './tableColumns';

/** Memoised: the table re-renders on every scroll frame, the chooser only when the choice changes. */
export const ColumnChooser = memo(function ColumnChooser({ columnIds, onChange }: { columnIds: string[]; onChange: (ids: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  // Shown columns in their order, then the hidden ones in the default order.
  const ordered = [...columnIds, ...TABLE_COLUMNS.map((c) => c.id).filter((id) => !columnIds.includes(id))];
  const label = new Map(TABLE_COLUMNS.map((c) => [c.id, c.label]));
  const move = (id: string, by: number) => {
    const i = columnIds.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= columnIds.length) return;
    const next = [...columnIds];
    [next[i], next[j]] = [next[j] as string, next[i] as string];
    onChange(next);
  };
  return (
    <div className="table-chooser" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="filter" size={13} /> Columns
      </button>
      {open ? (
        <ul className="table-chooser-list" aria-label="Table columns">
          {ordered.map((id) => {
            const shown = columnIds.includes(id);
            return (
              <li key={id}>
                <label>
                  <input
                    type="checkbox"
                    checked={shown}
                    disabled={shown && columnIds.length === 1}
                    onChange={() => onChange(shown ? columnIds.filter((c) => c !== id) : [...columnIds, id])}
                  />
                  {label.get(id)}
                </label>
                {shown ? (
                  <span className="table-chooser-move">
                    <button type="button" className="icon-btn icon-btn-sm" aria-label={`Move ${label.get(id)} left`} onClick={() => move(id, -1)}>
                      <Icon name="left" size={12} />
                    </button>
                    <button type="button" className="icon-btn icon-btn-sm" aria-label={`Move ${label.get(id)} right`} onClick={() => move(id, 1)}>
                      <Icon name="right" size={12} />
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
});
