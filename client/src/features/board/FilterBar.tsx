/**
 * Search and filters (text, owner, tag, kind, archived), deal count, undo / redo. On a phone
 * the filters fold behind one "Filters" button so the board keeps the screen.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { DEAL_KINDS, EMPTY_FILTER, type DealFilter, type DealKind } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { Icon } from '../../ui/Icon';
import { KIND_LABEL } from './dealLabels';
import { useBoardSession } from './boardSession';

export function FilterBar({ filter, onChange }: { filter: DealFilter; onChange: (f: DealFilter) => void }) {
  const { people, readOnly, conn } = useBoardSession();
  const tags = useBoard((b) => b.tags());
  const deals = useBoard((b) => b.deals());
  const search = useRef<HTMLInputElement>(null);
  const owners = [...new Set(deals.map((d) => d.ownerId).filter((id): id is string => !!id))]
    .map((id) => ({ id, name: people.get(id)?.name ?? 'Former member' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const active = filter.text || filter.ownerId || filter.tag || filter.kind;
  const total = deals.filter((d) => !d.archived).length;
  const shown = useBoard((b) => b.lanes(filter)).reduce((n, l) => n + l.deals.filter((d) => !d.archived).length, 0);
  const archived = deals.length - total;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();
  const filterCount = [filter.ownerId, filter.tag, filter.kind, filter.includeArchived || null].filter((v) => v).length;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === '/' && !(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="filterbar" role="search">
      <div className="search">
        <Icon name="search" size={15} />
        <input
          ref={search}
          className="search-input"
          type="search"
          placeholder="Search deals, parties, tags"
          aria-label="Search deals"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              onChange({ ...filter, text: '' });
              e.currentTarget.blur();
            }
          }}
        />
        <span className="kbd search-kbd">/</span>
      </div>
      <button
        type="button"
        className={`btn btn-sm filter-toggle${filterCount ? ' btn-toggled' : ''}`}
        aria-expanded={filtersOpen}
        aria-controls={filtersId}
        onClick={() => setFiltersOpen((o) => !o)}
      >
        <Icon name="filter" size={14} /> Filters{filterCount ? ` (${filterCount})` : ''}
      </button>
      <div id={filtersId} className={`filter-extra${filtersOpen ? ' is-open' : ''}`}>
        <select
          className="select filter-select"
          aria-label="Filter by owner"
          value={filter.ownerId ?? ''}
          onChange={(e) => onChange({ ...filter, ownerId: e.target.value || null })}
        >
          <option value="">All owners</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <select
          className="select filter-select"
          aria-label="Filter by tag"
          value={filter.tag ?? ''}
          onChange={(e) => onChange({ ...filter, tag: e.target.value || null })}
        >
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select
          className="select filter-select"
          aria-label="Filter by kind"
          value={filter.kind ?? ''}
          onChange={(e) => onChange({ ...filter, kind: (e.target.value || null) as DealKind | null })}
        >
          <option value="">All kinds</option>
          {DEAL_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`btn btn-sm${filter.includeArchived ? ' btn-toggled' : ' btn-ghost'}`}
          aria-pressed={filter.includeArchived}
          onClick={() => onChange({ ...filter, includeArchived: !filter.includeArchived })}
          title="Show archived deals"
        >
          <Icon name="archive" size={14} /> Archived{archived > 0 ? ` (${archived})` : ''}
        </button>
        {active ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({ ...EMPTY_FILTER, includeArchived: filter.includeArchived })}>
            <Icon name="x" size={14} /> Clear
          </button>
        ) : null}
      </div>
      <span className="spacer" />
      <span className="filter-count muted" aria-live="polite">
        {active ? `${shown} of ${total}` : total} deal{total === 1 ? '' : 's'}
      </span>
      {readOnly ? null : (
        <div className="undo-group">
          <button type="button" className="icon-btn" aria-label="Undo" title="Undo (Ctrl+Z)" onClick={() => conn.undo.undo()}>
            <Icon name="undo" size={16} />
          </button>
          <button type="button" className="icon-btn" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" onClick={() => conn.undo.redo()}>
            <Icon name="redo" size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
