/**
 * The table's header row: the select-all box and one sort button per visible column. Memoised
 * on its props, so scrolling down the rows (which re-renders the table) leaves it alone.
 */
import { memo } from 'react';
import type { SortingState } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { TableColumnDef } from './tableColumns';

export const TableHeader = memo(function TableHeader({
  defs,
  columns,
  sorting,
  width,
  gutter,
  allSelected,
  onSelectAll,
  onSort,
}: {
  defs: readonly TableColumnDef[];
  columns: readonly VirtualItem[];
  sorting: SortingState;
  width: number;
  gutter: number;
  allSelected: boolean;
  onSelectAll: (selected: boolean) => void;
  /** Sorts by the column (Shift+click: adds it to the sort). */
  onSort: (columnId: string, e: React.MouseEvent) => void;
}) {
  return (
    <div className="table-head" role="row" style={{ width }}>
      <div className="table-gutter table-th" role="columnheader" aria-label="Selected">
        <input type="checkbox" aria-label="Select all" checked={allSelected} onChange={(e) => onSelectAll(e.target.checked)} />
      </div>
      {columns.map((vc) => {
        const def = defs[vc.index];
        if (!def) return null;
        const at = sorting.findIndex((s) => s.id === def.id);
        const sorted = at < 0 ? false : sorting[at]?.desc ? 'desc' : 'asc';
        const order = sorting.length > 1 ? at + 1 : 0;
        return (
          <button
            type="button"
            key={def.id}
            role="columnheader"
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
            className={`table-th${def.align === 'end' ? ' table-end' : ''}`}
            style={{ left: gutter + vc.start, width: vc.size }}
            onClick={(e) => onSort(def.id, e)}
            tabIndex={-1}
            title="Sort (Shift+click to add)"
          >
            {def.label}
            {sorted ? (
              <span className="table-sort">
                {sorted === 'asc' ? '▲' : '▼'}
                {order > 0 ? order : ''}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
});
