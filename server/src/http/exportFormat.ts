/**
 * What a board export holds, as plain data, and its CSV form. Only valid records are
 * exported (an invalid deal is left out, as from totals). CSV cells that a spreadsheet
 * would run as a formula are defused. Pure functions: they run in the request or in the
 * export worker thread (see workers/renderExport).
 */
import type * as Y from 'yjs';
import { readBoardInfo, readExchangeRates, selectColumns, selectLanes } from '../../../shared/src/board';
import type { Deal } from '../../../shared/src/board/schema';

export interface ExportedDeal extends Omit<Deal, 'comments'> {
  stage: string | null;
  comments: Array<{ id: string; authorId: string; body: string; createdAt: string; editedAt: string | null }>;
}

/** One deal as the JSON export (and the REST deals API) shows it: its stage's name, comments not deleted. */
export function exportDeal(deal: Deal, stage: string | null): ExportedDeal {
  return {
    ...deal,
    stage,
    comments: deal.comments.filter((c) => !c.deleted).map(({ id, authorId, body, createdAt, editedAt }) => ({ id, authorId, body, createdAt, editedAt })),
  };
}

/** Everything a board holds, as plain data; the owner's exchange rates go with the board (null when none). */
export function exportBoard(doc: Y.Doc): {
  board: ReturnType<typeof readBoardInfo> & { rates: ReturnType<typeof readExchangeRates> };
  columns: ReturnType<typeof selectColumns>['columns'];
  deals: ExportedDeal[];
} {
  const board = { ...readBoardInfo(doc), rates: readExchangeRates(doc) };
  const columns = selectColumns(doc).columns;
  const deals: ExportedDeal[] = [];
  for (const lane of selectLanes(doc, { includeArchived: true })) {
    for (const deal of lane.deals) deals.push(exportDeal(deal, lane.column?.name ?? null));
  }
  return { board, columns, deals };
}

const CSV_FIELDS = [
  'id',
  'title',
  'kind',
  'stage',
  'acquirer',
  'target',
  'amount',
  'amountQualifier',
  'currency',
  'valuation',
  'probability',
  'ownerId',
  'expectedClose',
  'partOf',
  'tags',
  'links',
  'archived',
  'stageEnteredAt',
  'createdAt',
  'updatedAt',
] as const;

/** One CSV cell: quoted when needed; a leading = + - @ (formula) is prefixed with '. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(deals: ExportedDeal[]): string {
  const lines = [CSV_FIELDS.join(',')];
  for (const deal of deals) lines.push(CSV_FIELDS.map((field) => csvCell(deal[field])).join(','));
  return lines.join('\r\n') + '\r\n';
}
