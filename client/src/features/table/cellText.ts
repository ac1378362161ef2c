/**
 * A cell's text and whether it needs clipping, worked out once per row snapshot: a row keeps
 * its identity until its deal, stage or round changes (TableView's row cache), so rows coming
 * back on screen as the table scrolls, and cells re-rendered as columns scroll in, reuse them
 * instead of formatting amounts and dates and measuring text again. Keyed by the cell context
 * too (people's names). Time cells are not cached: their text follows the clock (ClockText).
 */
import { cellFontKnown, fits } from './textFit';
import type { CellContext, TableColumnDef, TableRow } from './tableColumns';

export interface CellText {
  text: string;
  /** The text overflows its free-text column: the cell clips it with an ellipsis. */
  clip: boolean;
}

const byContext = new WeakMap<CellContext, WeakMap<TableRow, Map<string, CellText>>>();

export function cellText(def: TableColumnDef & { clock?: undefined }, row: TableRow, ctx: CellContext): CellText {
  let byRow = byContext.get(ctx);
  if (!byRow) {
    byRow = new WeakMap();
    byContext.set(ctx, byRow);
  }
  let cells = byRow.get(row);
  if (!cells) {
    cells = new Map();
    byRow.set(row, cells);
  }
  const cached = cells.get(def.id);
  if (cached) return cached;
  const text = def.display(row, ctx);
  const cell = { text, clip: !!def.clip && text !== '' && !fits(text, def.width) };
  // Kept once the font is known; until then every free-text cell clips, and is measured later.
  if (cellFontKnown() || !def.clip) cells.set(def.id, cell);
  return cell;
}
