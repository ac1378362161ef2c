/**
 * The board as a table (issue 15.1): one row per deal that passes the board's filter, from the
 * same shared lanes the board shows (so its footer totals are the columns' totals added up).
 * Sorting and selection come from @tanstack/react-table; rows and columns are virtualised with
 * @tanstack/react-virtual in TableGrid (a scroll re-renders that, not this), and each row is
 * memoised on its deal snapshot, so a remote edit repaints one row and a horizontal scroll none. Keyboard: arrows move, Enter/F2 or typing edits, Enter/Tab commit,
 * Escape cancels, Space selects, Shift+arrows extend the selection.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import { useBoard } from '../../hooks/useBoard';
import type { Deal, DealFilter, Lane } from '../../model';
import { toast } from '../../ui/toast';
import { reportResult, useBoardSession } from '../board/boardSession';
import { commitCell } from './cellEdit';
import { BulkBar } from './BulkBar';
import { ColumnChooser } from './ColumnChooser';
import { TableFooter } from './TableFooter';
import { TableGrid, type TableGridHandle } from './TableGrid';
import type { ActiveCell } from './TableRowView';
import { COLUMN_BY_ID, type TableColumnDef, type TableRow } from './tableColumns';
import { useCellContext } from './useCellContext';
import { useColumnPrefs } from './tablePrefs';
import { useStableCallback } from './useStableCallback';
import { useRowPresence } from './useRowPresence';
import { useRowFlash } from './useRowFlash';
import './table.css';

/** Rows keep their identity while their deal, stage and round do, so memoised rows skip re-rendering. */
const rowCache = new WeakMap<object, TableRow>();
function toRows(lanes: readonly Lane[], dealById: (id: string) => Deal | null): TableRow[] {
  const rows: TableRow[] = [];
  for (const lane of lanes) {
    for (const deal of lane.deals) {
      const round = deal.partOf ? dealById(deal.partOf) : null;
      let row = rowCache.get(deal);
      if (!row || row.column !== lane.column || row.round !== round) {
        row = { deal, column: lane.column, round };
        rowCache.set(deal, row);
      }
      rows.push(row);
    }
  }
  return rows;
}

export function TableView({ filter }: { filter: DealFilter }) {
  const { conn, me, boardId, people, readOnly } = useBoardSession();
  const lanes = useBoard(useCallback((b) => b.lanes(filter), [filter]));
  const data = useMemo(
    () =>
      toRows(lanes, (id) => {
        const deal = conn.store.deal(id);
        return deal && !deal.invalid ? deal : null;
      }),
    [lanes, conn.store],
  );
  const ctx = useCellContext(people);
  const [columnIds, setColumnIds] = useColumnPrefs(me.id, boardId);
  const defs = useMemo(() => columnIds.map((id) => COLUMN_BY_ID.get(id)).filter((d): d is TableColumnDef => !!d), [columnIds]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [active, setActive] = useState<ActiveCell | null>(null);
  const [editing, setEditing] = useState<{ initial: string | null } | null>(null);
  const anchor = useRef<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<TableGridHandle>(null);

  const columns = useMemo<Array<ColumnDef<TableRow>>>(
    () =>
      defs.map((def) => ({
        id: def.id,
        header: def.label,
        size: def.width,
        accessorFn: (row: TableRow) => def.sortValue(row, ctx) ?? undefined,
        sortingFn: 'basic',
        sortUndefined: 'last',
        sortDescFirst: false,
      })),
    [defs, ctx],
  );

  const table = useReactTable({
    data,
    columns,
    state: { sorting, rowSelection },
    onSortingChange: setSorting,
    onRowSelectionChange: setRowSelection,
    getRowId: (row) => row.deal.id,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableMultiSort: true,
    enableRowSelection: true,
  });
  const rows = table.getRowModel().rows;
  const rowIndex = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  useRowFlash(conn.store, scroller);
  const rowPeers = useRowPresence(conn, me.id, active?.dealId ?? null);

  const selectedIds = useMemo(() => Object.keys(rowSelection).filter((id) => rowSelection[id] && rowIndex.has(id)), [rowSelection, rowIndex]);

  const moveTo = useCallback(
    (rowAt: number, colAt: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, rowAt))];
      const c = defs[Math.max(0, Math.min(defs.length - 1, colAt))];
      if (!r || !c) return;
      setActive({ dealId: r.id, columnId: c.id });
      grid.current?.scrollToCell(r.index, defs.indexOf(c));
    },
    [rows, defs],
  );

  const position = active ? { row: rowIndex.get(active.dealId) ?? -1, col: defs.findIndex((d) => d.id === active.columnId) } : null;

  const select = useCallback(
    (dealId: string, mode: 'only' | 'toggle' | 'range') => {
      if (mode === 'range' && anchor.current && rowIndex.has(anchor.current)) {
        const from = rowIndex.get(anchor.current) ?? 0;
        const to = rowIndex.get(dealId) ?? 0;
        const [a, b] = from <= to ? [from, to] : [to, from];
        const next: RowSelectionState = {};
        for (let i = a; i <= b; i++) {
          const id = rows[i]?.id;
          if (id) next[id] = true;
        }
        setRowSelection(next);
        return;
      }
      anchor.current = dealId;
      if (mode === 'toggle') setRowSelection((s) => ({ ...s, [dealId]: !s[dealId] }));
      else setRowSelection({ [dealId]: true });
    },
    [rowIndex, rows],
  );

  const onCellClick = useStableCallback((dealId: string, columnId: string, e: React.MouseEvent) => {
    setEditing(null);
    setActive({ dealId, columnId });
    select(dealId, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only');
    scroller.current?.focus({ preventScroll: true });
  });

  const startEdit = useCallback(
    (initial: string | null) => {
      if (readOnly || !active) return;
      if (!COLUMN_BY_ID.get(active.columnId)?.editor) return;
      setEditing({ initial });
    },
    [readOnly, active],
  );

  const onGutterClick = useStableCallback((dealId: string, e: React.MouseEvent) => {
    setEditing(null);
    select(dealId, e.shiftKey ? 'range' : 'toggle');
  });

  const editCurrent = useStableCallback(() => startEdit(null));
  const cancelEdit = useCallback(() => {
    setEditing(null);
    scroller.current?.focus({ preventScroll: true });
  }, []);

  const commit = useStableCallback((text: string, then: 'down' | 'right' | 'left' | 'stay') => {
    const def = active ? COLUMN_BY_ID.get(active.columnId) : undefined;
    const at = active ? rowIndex.get(active.dealId) : undefined;
    const row = at === undefined ? undefined : rows[at]?.original;
    if (!def || !row || at === undefined) return;
    const result = commitCell(conn.doc, conn.origin, def, row, text);
    if (!reportResult(result, `${def.label}`, (m) => toast(m, 'error')) && result.ok === false && result.error.code !== 'noop') return;
    setEditing(null);
    scroller.current?.focus({ preventScroll: true });
    const col = defs.indexOf(def);
    if (then === 'down') moveTo(at + 1, col);
    else if (then === 'right') moveTo(at, col + 1);
    else if (then === 'left') moveTo(at, col - 1);
  });

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (editing || !position) return;
    const { row, col } = position;
    const extend = (to: number) => {
      moveTo(to, col);
      const id = rows[Math.max(0, Math.min(rows.length - 1, to))]?.id;
      if (id) select(id, 'range');
    };
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (e.shiftKey) extend(row + 1);
        else moveTo(row + 1, col);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (e.shiftKey) extend(row - 1);
        else moveTo(row - 1, col);
        return;
      case 'ArrowRight':
        e.preventDefault();
        moveTo(row, col + 1);
        return;
      case 'ArrowLeft':
        e.preventDefault();
        moveTo(row, col - 1);
        return;
      case 'Tab':
        e.preventDefault();
        moveTo(row, col + (e.shiftKey ? -1 : 1));
        return;
      case 'Enter':
      case 'F2':
        e.preventDefault();
        startEdit(null);
        return;
      case ' ':
        e.preventDefault();
        if (active) select(active.dealId, 'toggle');
        return;
      case 'Escape':
        setRowSelection({});
        return;
      case 'a':
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          setRowSelection(Object.fromEntries(rows.map((r) => [r.id, true])));
        }
        return;
      default:
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          startEdit(e.key);
        }
    }
  };

  const sortBy = useStableCallback((columnId: string, e: React.MouseEvent) => table.getColumn(columnId)?.getToggleSortingHandler()?.(e));
  const selectAll = useStableCallback((selected: boolean) => setRowSelection(selected ? Object.fromEntries(rows.map((r) => [r.id, true])) : {}));

  return (
    <section className="table-view" aria-label="Deals table">
      <div className="table-toolbar">
        <ColumnChooser columnIds={columnIds} onChange={setColumnIds} />
        <span className="muted table-hint">Click a header to sort, Shift+click to add a sort. Enter edits, arrows move.</span>
      </div>
      {selectedIds.length > 0 && !readOnly ? <BulkBar dealIds={selectedIds} onDone={() => setRowSelection({})} /> : null}
      <div
        ref={scroller}
        className="table-scroll"
        role="grid"
        aria-rowcount={rows.length + 1}
        aria-colcount={defs.length}
        aria-multiselectable="true"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (!active && rows[0] && defs[0]) setActive({ dealId: rows[0].id, columnId: defs[0].id });
        }}
        data-testid="deal-table"
      >
        <TableGrid
          handle={grid}
          scroller={scroller}
          rows={rows}
          defs={defs}
          ctx={ctx}
          sorting={sorting}
          rowSelection={rowSelection}
          allSelected={rows.length > 0 && selectedIds.length === rows.length}
          rowPeers={rowPeers}
          active={active}
          editing={editing}
          readOnly={readOnly}
          onSort={sortBy}
          onSelectAll={selectAll}
          onCellClick={onCellClick}
          onGutterClick={onGutterClick}
          onCellDoubleClick={editCurrent}
          onCommit={commit}
          onCancel={cancelEdit}
        />
        {rows.length === 0 ? <p className="table-empty muted">No deals match.</p> : null}
      </div>
      <TableFooter lanes={lanes} shown={rows.length} />
    </section>
  );
}
