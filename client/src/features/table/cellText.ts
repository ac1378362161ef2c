/**
 * A cell's text, formatted once per row snapshot: a row keeps its identity until its deal, stage
 * or round changes (TableView's row cache), so rows coming back on screen as the table scrolls,
 * and cells re-rendered as columns scroll in, reuse the text instead of formatting amounts and
 * dates again. Keyed by the cell context too (people's names). Time cells are not cached: their
 * text follows the clock (ClockText).
 */
import type { CellContext, TableColumnDef, TableRow } from './tableColumns';

const byContext = new WeakMap<CellContext, WeakMap<TableRow, Map<string, string>>>();

export function cellText(def: TableColumnDef & { clock?: undefined }, row: TableRow, ctx: CellContext): string {
  let byRow = byContext.get(ctx);
  if (!byRow) {
    byRow = new WeakMap();
    byContext.set(ctx, byRow);
  }
  let texts = byRow.get(row);
  if (!texts) {
    texts = new Map();
    byRow.set(row, texts);
  }
  let text = texts.get(def.id);
  if (text === undefined) {
    text = def.display(row, ctx);
    texts.set(def.id, text);
  }
  return text;
}
