/**
 * The table's header and virtualised rows, inside TableView's scroller. It owns the row and
 * column virtualisers, so a scroll frame (a new window of rows or columns) re-renders this
 * component and the rows entering, not TableView with its row model, sorting and toolbar: the
 * TableView render cost 0.4 ms of a vertical fling frame in the bench's trace. TableView moves
 * the window to a cell (keyboard moves) through `handle`.
 */
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref, type RefObject } from 'react';
import type { Row, RowSelectionState, SortingState } from '@tanstack/react-table';
import { useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';
import { TableHeader } from './TableHeader';
import { TableRowView, type ActiveCell } from './TableRowView';
import { ColumnWindowContext } from './columnWindow';
import { learnCellFont } from './textFit';
import { ROWS_AHEAD, rowRange } from './rowRange';
import type { RowPeers } from './useRowPresence';
import type { CellContext, TableColumnDef, TableRow } from './tableColumns';

const ROW_HEIGHT = 36;
const GUTTER = 44;
/** Columns rendered beyond the viewport, each side (rows: rowRange.ts). */
const COLUMN_OVERSCAN = 1;

export interface TableGridHandle {
  /** Scrolls the least needed to show the cell at row `rowAt`, column `colAt` (indexes). */
  scrollToCell: (rowAt: number, colAt: number) => void;
}

export const TableGrid = memo(function TableGrid({
  handle,
  scroller,
  rows,
  defs,
  ctx,
  sorting,
  rowSelection,
  allSelected,
  rowPeers,
  active,
  editing,
  readOnly,
  onSort,
  onSelectAll,
  onCellClick,
  onGutterClick,
  onCellDoubleClick,
  onCommit,
  onCancel,
}: {
  handle: Ref<TableGridHandle>;
  scroller: RefObject<HTMLDivElement | null>;
  rows: ReadonlyArray<Row<TableRow>>;
  defs: readonly TableColumnDef[];
  ctx: CellContext;
  sorting: SortingState;
  rowSelection: RowSelectionState;
  allSelected: boolean;
  rowPeers: ReadonlyMap<string, RowPeers>;
  active: ActiveCell | null;
  editing: { initial: string | null } | null;
  readOnly: boolean;
  onSort: (columnId: string, e: React.MouseEvent) => void;
  onSelectAll: (selected: boolean) => void;
  onCellClick: (dealId: string, columnId: string, e: React.MouseEvent) => void;
  onGutterClick: (dealId: string, e: React.MouseEvent) => void;
  onCellDoubleClick: () => void;
  onCommit: (text: string, then: 'down' | 'right' | 'left' | 'stay') => void;
  onCancel: () => void;
}) {
  const rowScroll = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  // As the virtualiser has it when it re-renders this (it does when a scroll starts or ends).
  const direction = rowScroll.current?.scrollDirection ?? null;
  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: ROWS_AHEAD,
    // A new extractor when the direction changes, so the rows kept behind go when the scroll
    // ends (direction null), before a horizontal scroll renders cells in each of them.
    rangeExtractor: useCallback((range: Range) => rowRange(range, direction), [direction]),
  });
  rowScroll.current = rowVirtualizer;
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    count: defs.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => defs[i]?.width ?? 120,
    overscan: COLUMN_OVERSCAN,
  });
  useEffect(() => colVirtualizer.measure(), [defs, colVirtualizer]);
  useImperativeHandle(
    handle,
    () => ({
      scrollToCell: (rowAt, colAt) => {
        rowVirtualizer.scrollToIndex(rowAt, { align: 'auto' });
        colVirtualizer.scrollToIndex(colAt, { align: 'auto' });
      },
    }),
    [rowVirtualizer, colVirtualizer],
  );
  // Once cells are laid out, their font tells which texts need clipping (textFit.ts); the cells
  // drawn before it was known (clipped, to be safe) are drawn again, through a new column window.
  const [fontLearned, setFontLearned] = useState(false);
  // After every render until then (the first rows may be laid out on a later one); set once.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (!fontLearned && learnCellFont(scroller.current)) setFontLearned(true);
  });

  const virtualColumns = colVirtualizer.getVirtualItems();
  const width = GUTTER + colVirtualizer.getTotalSize();
  const columnWindow = useMemo(() => ({ defs, columns: virtualColumns, fontLearned }), [defs, virtualColumns, fontLearned]);

  return (
    <>
      <TableHeader
        defs={defs}
        columns={virtualColumns}
        sorting={sorting}
        width={width}
        gutter={GUTTER}
        allSelected={allSelected}
        onSelectAll={onSelectAll}
        onSort={onSort}
      />
      <div className="table-body" style={{ height: rowVirtualizer.getTotalSize(), width }}>
        <ColumnWindowContext value={columnWindow}>
          {rowVirtualizer.getVirtualItems().map((vr) => {
            const row = rows[vr.index];
            if (!row) return null;
            const isActive = active?.dealId === row.id;
            return (
              <TableRowView
                key={row.id}
                row={row.original}
                index={vr.index}
                top={vr.start}
                width={width}
                ctx={ctx}
                selected={!!rowSelection[row.id]}
                peers={rowPeers.get(row.id)}
                activeColumn={isActive ? active.columnId : null}
                editing={isActive && editing ? editing.initial : undefined}
                readOnly={readOnly}
                onCellClick={onCellClick}
                onGutterClick={onGutterClick}
                onCellDoubleClick={onCellDoubleClick}
                onCommit={onCommit}
                onCancel={onCancel}
              />
            );
          })}
        </ColumnWindowContext>
      </div>
    </>
  );
});
