/**
 * The columns on screen: the column virtualiser's window, handed to each row's cells through a
 * context rather than as a row prop, so a horizontal scroll re-renders the cells of the rows on
 * screen (RowCells) and no row, and a row stays memoised on its deal, selection and active cell.
 */
import { createContext, useContext } from 'react';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { TableColumnDef } from './tableColumns';

export interface ColumnWindow {
  /** The shown columns, in order. */
  defs: readonly TableColumnDef[];
  /** The ones rendered now (on screen and the overscan), by index into `defs`. */
  columns: readonly VirtualItem[];
  /** Whether the cells' font is known (textFit.ts): once it is, the cells drawn before are drawn again. */
  fontLearned: boolean;
}

export const ColumnWindowContext = createContext<ColumnWindow>({ defs: [], columns: [], fontLearned: false });

export function useColumnWindow(): ColumnWindow {
  return useContext(ColumnWindowContext);
}
