/**
 * One table row, memoised: it re-renders when its deal snapshot, its selection, the active
 * cell on it or the visible columns change, not when another deal does, nor when the clock
 * ticks (its time cells subscribe to the clock themselves).
 */
import { memo } from 'react';
import { countRender } from '../../debug';
import type { VirtualItem } from '@tanstack/react-virtual';
import { CellEditor } from './CellEditor';
import { useTableClock } from './useTableClock';
import type { RowPeers } from './useRowPresence';
import type { CellContext, TableColumnDef, TableRow } from './tableColumns';

export interface ActiveCell {
  dealId: string;
  columnId: string;
}

export const TableRowView = memo(function TableRowView({
  row,
  index,
  top,
  width,
  defs,
  columns,
  ctx,
  selected,
  peers,
  activeColumn,
  editing,
  readOnly,
  onCellClick,
  onGutterClick,
  onCellDoubleClick,
  onCommit,
  onCancel,
}: {
  row: TableRow;
  index: number;
  top: number;
  width: number;
  defs: readonly TableColumnDef[];
  columns: readonly VirtualItem[];
  ctx: CellContext;
  selected: boolean;
  /** Other people whose active row this is. */
  peers: RowPeers | undefined;
  activeColumn: string | null;
  /** undefined: not editing; null: editing from the current value; a string: editing from that typed text. */
  editing: string | null | undefined;
  readOnly: boolean;
  onCellClick: (dealId: string, columnId: string, e: React.MouseEvent) => void;
  /** The checkbox column: toggles the row (Shift: a range). */
  onGutterClick: (dealId: string, e: React.MouseEvent) => void;
  onCellDoubleClick: () => void;
  onCommit: (text: string, then: 'down' | 'right' | 'left' | 'stay') => void;
  onCancel: () => void;
}) {
  const { deal } = row;
  countRender(`row:${deal.id}`);
  // The row is placed by a transform, not `top`: a row with a transform of its own keeps its
  // painted output while the table scrolls and rows come and go around it, so a scroll frame
  // paints only the rows that entered (placed by `top`, every row on screen was repainted each
  // frame: 1.6 against 0.46 ms of paint per frame in the bench's trace).
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-row-id={deal.id}
      className={`table-row${selected ? ' table-row-selected' : ''}${deal.archived ? ' table-row-archived' : ''}${peers ? ' table-row-peer' : ''}`}
      style={{ transform: `translateY(${top}px)`, width, ...(peers?.[0] ? { ['--presence' as string]: peers[0].color } : {}) }}
      title={peers ? `${peers.map((p) => p.name).join(', ')} ${peers.length === 1 ? 'is' : 'are'} on this row` : undefined}
    >
      <div className="table-gutter table-td" role="gridcell" onClick={(e) => onGutterClick(deal.id, e)}>
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${deal.title}`} checked={selected} readOnly />
        {peers?.[0] ? (
          <span className="table-peer" data-testid="row-peer" aria-label={`${peers[0].name} is on this row`}>
            {peers[0].name.slice(0, 1)}
          </span>
        ) : null}
      </div>
      {columns.map((vc) => {
        const def = defs[vc.index];
        if (!def) return null;
        const isActive = activeColumn === def.id;
        const isEditing = isActive && editing !== undefined;
        // A cell is one element holding its text (no wrapper), so a row costs the fewest nodes to
        // mount; a time cell holds the one component that reads the clock.
        const text = isEditing || def.clock ? '' : def.display(row, ctx);
        return (
          <div
            key={def.id}
            role="gridcell"
            aria-colindex={vc.index + 1}
            data-column={def.id}
            className={`table-td${def.clip ? ' table-clip' : ''}${def.align === 'end' ? ' table-end' : ''}${isActive ? ' table-active' : ''}${isEditing ? ' table-editing' : ''}${def.editor && !readOnly ? '' : ' table-readonly'}`}
            style={vc === columns[0] ? { width: vc.size, marginLeft: vc.start } : { width: vc.size }}
            title={def.clip && text ? text : undefined}
            onClick={(e) => onCellClick(deal.id, def.id, e)}
            onDoubleClick={onCellDoubleClick}
          >
            {isEditing ? (
              <CellEditor def={def} row={row} initial={editing} onCommit={onCommit} onCancel={onCancel} />
            ) : def.clock ? (
              <ClockText display={def.display} row={row} ctx={ctx} />
            ) : (
              text
            )}
          </div>
        );
      })}
    </div>
  );
});

/** A time cell's text (time in stage, updated): re-rendered by the shared minute clock alone. */
function ClockText({ display, row, ctx }: { display: (row: TableRow, ctx: CellContext, now: Date) => string; row: TableRow; ctx: CellContext }) {
  const now = useTableClock();
  return display(row, ctx, new Date(now));
}
