/** Every valid deal of a board with its column, keyed by id: one end of a comparison. */
import type * as Y from 'yjs';
import { readBoardInfo, selectColumns, selectDeals } from '../board';
import type { Column, Deal } from '../board/schema';

export interface DealAt {
  deal: Deal;
  /** The deal's column, or null when it is gone or invalid. */
  column: Column | null;
}

export interface BoardState {
  currency: string;
  /** Column id → position in board order (moves forward or back compare these). */
  order: Map<string, number>;
  deals: Map<string, DealAt>;
}

export function boardState(doc: Y.Doc): BoardState {
  const { columns } = selectColumns(doc);
  const byId = new Map(columns.map((column) => [column.id, column]));
  const deals = new Map<string, DealAt>();
  for (const deal of selectDeals(doc).deals) deals.set(deal.id, { deal, column: byId.get(deal.columnId) ?? null });
  return { currency: readBoardInfo(doc).currency, order: new Map(columns.map((c, i) => [c.id, i])), deals };
}
