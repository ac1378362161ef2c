/**
 * One table row, memoised: it re-renders when its deal snapshot, its selection, the active
 * cell on it or its peers change, not when another deal does, nor when the clock ticks (its
 * time cells subscribe to the clock themselves), nor when the table scrolls across (its cells,
 * RowCells, read the column window from a context and re-render alone).
 */
import { memo } from 'react';
import { countRender } from '../../debug';
import { CellEditor } from './CellEditor';
import { cellText, type CellText } from './cellText';
import { useColumnWindow } from './columnWindow';
import { useTableClock } from './useTableClock';
import type { RowPeers } from './useRowPresence';
import type { CellContext, TableRow } from './tableColumns';

export interface ActiveCell {
  dealId: string;
  columnId: string;
}

const NO_TEXT: CellText = { text: '', clip: false };

type CommitCell = (text: string, then: 'down' | 'right' | 'left' | 'stay') => void;

/** The cell a click or double click on a row landed in (null: the gutter, or between cells). */
function cellOf(e: React.MouseEvent<HTMLElement>): string | null {
  const cell = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-column]') : null;
  return cell && e.currentTarget.contains(cell) ? (cell.dataset.column ?? null) : null;
}

export const TableRowView = memo(function TableRowView({
  row,
  index,
  top,
  width,
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
  onCommit: CommitCell;
  onCancel: () => void;
}) {
  const { deal } = row;
  countRender(`row:${deal.id}`);
  // The row is placed by a transform, not `top`: a row with a transform of its own keeps its
  // painted output while the table scrolls and rows come and go around it, so a scroll frame
  // paints only the rows that entered (placed by `top`, every row on screen was repainted each
  // frame: 1.6 against 0.46 ms of paint per frame in the bench's trace). Clicks are handled
  // here for all its cells (one handler, not two per cell to set up as rows mount).
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-row-id={deal.id}
      className={`table-row${selected ? ' table-row-selected' : ''}${deal.archived ? ' table-row-archived' : ''}${peers ? ' table-row-peer' : ''}`}
      style={{ transform: `translateY(${top}px)`, width, ...(peers?.[0] ? { ['--presence' as string]: peers[0].color } : {}) }}
      title={peers ? `${peers.map((p) => p.name).join(', ')} ${peers.length === 1 ? 'is' : 'are'} on this row` : undefined}
      onClick={(e) => {
        const columnId = cellOf(e);
        if (columnId) onCellClick(deal.id, columnId, e);
      }}
      onDoubleClick={(e) => {
        if (cellOf(e)) onCellDoubleClick();
      }}
    >
      <div className="table-gutter table-td" role="gridcell" onClick={(e) => onGutterClick(deal.id, e)}>
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${deal.title}`} checked={selected} readOnly />
        {peers?.[0] ? (
          <span className="table-peer" data-testid="row-peer" aria-label={`${peers[0].name} is on this row`}>
            {peers[0].name.slice(0, 1)}
          </span>
        ) : null}
      </div>
      <RowCells row={row} ctx={ctx} activeColumn={activeColumn} editing={editing} readOnly={readOnly} onCommit={onCommit} onCancel={onCancel} />
    </div>
  );
});

/**
 * A row's cells in the column window: re-rendered when the window moves (a horizontal scroll)
 * or the row's own cell state changes, without the row around them.
 */
const RowCells = memo(function RowCells({
  row,
  ctx,
  activeColumn,
  editing,
  readOnly,
  onCommit,
  onCancel,
}: {
  row: TableRow;
  ctx: CellContext;
  activeColumn: string | null;
  editing: string | null | undefined;
  readOnly: boolean;
  onCommit: CommitCell;
  onCancel: () => void;
}) {
  const { defs, columns } = useColumnWindow();
  return columns.map((vc) => {
    const def = defs[vc.index];
    if (!def) return null;
    const isActive = activeColumn === def.id;
    const isEditing = isActive && editing !== undefined;
    // A cell is one element holding its text (no wrapper), so a row costs the fewest nodes to
    // mount; a time cell holds the one component that reads the clock. Only a text that
    // overflows its column is clipped (see textFit.ts).
    const { text, clip } = isEditing || def.clock ? NO_TEXT : cellText(def, row, ctx);
    return (
      <div
        key={def.id}
        role="gridcell"
        aria-colindex={vc.index + 1}
        data-column={def.id}
        className={`table-td${clip ? ' table-clip' : ''}${def.align === 'end' ? ' table-end' : ''}${isActive ? ' table-active' : ''}${isEditing ? ' table-editing' : ''}${def.editor && !readOnly ? '' : ' table-readonly'}`}
        style={vc === columns[0] ? { width: vc.size, marginLeft: vc.start } : { width: vc.size }}
        title={clip ? text : undefined}
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
  });
});

/** A time cell's text (time in stage, updated): re-rendered by the shared minute clock alone. */
function ClockText({ display, row, ctx }: { display: (row: TableRow, ctx: CellContext, now: Date) => string; row: TableRow; ctx: CellContext }) {
  const now = useTableClock();
  return display(row, ctx, new Date(now));
}
