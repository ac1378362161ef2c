/**
 * The table's columns: one per deal field (issue 15.1), each with how it sorts, how it reads
 * on screen and how it is edited. Values come from the parsed deal and its lane's column, the
 * same records the board's cards and totals read.
 */
import { daysInStage, effectiveProbability, type Column, type Deal } from '../../model';
import { formatAmount, formatDate, formatDuration, formatMoney, formatPercent, formatRelative } from '../../lib/format';
import { KIND_LABEL } from '../board/dealLabels';

/** One table row: a deal, the stage it sits in (null: its column is gone) and the round it is part of. */
export interface TableRow {
  deal: Deal;
  column: Column | null;
  /** The deal its `partOf` names (null: none, or no such deal on the board). */
  round: Deal | null;
}

/** What a cell needs besides its row: names of people. The clock is not here: see `clock`. */
export interface CellContext {
  ownerName: (id: string | null) => string;
}

/** How a cell is edited in place; null: it is derived and read-only. */
export type EditorKind = 'text' | 'amount' | 'currency' | 'percent' | 'date' | 'stage' | 'owner' | 'kind' | 'tags' | 'partOf' | null;

interface ColumnBase {
  id: string;
  label: string;
  width: number;
  align?: 'end';
  editor: EditorKind;
  /** Free text that may not fit: the cell clips it with an ellipsis and shows it whole on hover (short values need neither). */
  clip?: true;
  /** What the column sorts by (null sorts last); never the clock, so a tick does not re-sort. */
  sortValue: (row: TableRow, ctx: CellContext) => string | number | null;
}

/**
 * One column. A column whose text depends on the time (`clock: true`) is shown by a cell that
 * subscribes to the shared minute clock itself (ClockText), so a tick re-renders that text, not its row.
 */
export type TableColumnDef = ColumnBase &
  (
    | { clock?: undefined; /** What the cell shows. */ display: (row: TableRow, ctx: CellContext) => string }
    | { clock: true; /** What the cell shows at `now`. */ display: (row: TableRow, ctx: CellContext, now: Date) => string }
  );

/** The round's title, as the drawer names it; a link to a deal gone from the board says so. */
const partOfText = ({ round }: TableRow): string => (round ? round.title : 'A deal no longer on the board');

const weighted = ({ deal, column }: TableRow): number | null => (deal.amount === null ? null : (deal.amount * effectiveProbability(deal, column)) / 100);

export const TABLE_COLUMNS: readonly TableColumnDef[] = [
  { id: 'title', label: 'Title', width: 260, editor: 'text', clip: true, sortValue: (r) => r.deal.title.toLowerCase(), display: (r) => r.deal.title },
  {
    id: 'stage',
    label: 'Stage',
    width: 150,
    editor: 'stage',
    clip: true,
    sortValue: (r) => r.column?.rank ?? null,
    display: (r) => r.column?.name ?? 'No stage',
  },
  { id: 'kind', label: 'Kind', width: 120, editor: 'kind', sortValue: (r) => r.deal.kind, display: (r) => KIND_LABEL[r.deal.kind] },
  {
    id: 'acquirer',
    label: 'Acquirer',
    width: 160,
    editor: 'text',
    clip: true,
    sortValue: (r) => r.deal.acquirer.toLowerCase() || null,
    display: (r) => r.deal.acquirer,
  },
  {
    id: 'target',
    label: 'Target',
    width: 160,
    editor: 'text',
    clip: true,
    sortValue: (r) => r.deal.target.toLowerCase() || null,
    display: (r) => r.deal.target,
  },
  {
    id: 'partOf',
    label: 'Part of',
    width: 200,
    editor: 'partOf',
    clip: true,
    sortValue: (r) => (r.deal.partOf ? partOfText(r).toLowerCase() : null),
    display: (r) => (r.deal.partOf ? partOfText(r) : ''),
  },
  {
    id: 'amount',
    label: 'Amount',
    width: 140,
    align: 'end',
    editor: 'amount',
    sortValue: (r) => r.deal.amount,
    display: (r) => formatAmount(r.deal.amount, r.deal.amountQualifier, r.deal.currency),
  },
  { id: 'currency', label: 'Currency', width: 90, editor: 'currency', sortValue: (r) => r.deal.currency, display: (r) => r.deal.currency },
  {
    id: 'valuation',
    label: 'Valuation',
    width: 130,
    align: 'end',
    editor: 'amount',
    sortValue: (r) => r.deal.valuation,
    display: (r) => (r.deal.valuation === null ? '' : formatMoney(r.deal.valuation, r.deal.currency)),
  },
  {
    id: 'probability',
    label: 'Probability',
    width: 110,
    align: 'end',
    editor: 'percent',
    sortValue: (r) => effectiveProbability(r.deal, r.column),
    display: (r) =>
      r.deal.probability === null ? (r.column?.probability == null ? '' : `${formatPercent(r.column.probability)} (stage)`) : formatPercent(r.deal.probability),
  },
  {
    id: 'weighted',
    label: 'Weighted',
    width: 130,
    align: 'end',
    editor: null,
    sortValue: weighted,
    display: (r) => {
      const value = weighted(r);
      return value === null ? '' : formatMoney(value, r.deal.currency);
    },
  },
  {
    id: 'owner',
    label: 'Owner',
    width: 150,
    editor: 'owner',
    clip: true,
    sortValue: (r, c) => (r.deal.ownerId ? c.ownerName(r.deal.ownerId).toLowerCase() : null),
    display: (r, c) => (r.deal.ownerId ? c.ownerName(r.deal.ownerId) : ''),
  },
  {
    id: 'expectedClose',
    label: 'Expected close',
    width: 130,
    editor: 'date',
    sortValue: (r) => r.deal.expectedClose,
    display: (r) => formatDate(r.deal.expectedClose),
  },
  {
    id: 'tags',
    label: 'Tags',
    width: 180,
    editor: 'tags',
    clip: true,
    sortValue: (r) => r.deal.tags.join(', ').toLowerCase() || null,
    display: (r) => r.deal.tags.join(', '),
  },
  {
    id: 'timeInStage',
    label: 'Time in stage',
    width: 110,
    align: 'end',
    editor: null,
    clock: true,
    // Longest in stage last: the later a deal entered its stage, the shorter its time there.
    sortValue: (r) => {
      const entered = Date.parse(r.deal.stageEnteredAt);
      return Number.isFinite(entered) ? -entered : null;
    },
    display: (r, _c, now) => formatDuration(daysInStage(r.deal, now)),
  },
  {
    id: 'updated',
    label: 'Updated',
    width: 120,
    editor: null,
    clock: true,
    sortValue: (r) => r.deal.updatedAt,
    display: (r, _c, now) => formatRelative(r.deal.updatedAt, now.getTime()),
  },
  {
    id: 'comments',
    label: 'Comments',
    width: 100,
    align: 'end',
    editor: null,
    sortValue: (r) => r.deal.comments.filter((x) => !x.deleted).length,
    display: (r) => String(r.deal.comments.filter((x) => !x.deleted).length),
  },
];

export const COLUMN_BY_ID: ReadonlyMap<string, TableColumnDef> = new Map(TABLE_COLUMNS.map((c) => [c.id, c]));

export const DEFAULT_COLUMN_IDS: readonly string[] = TABLE_COLUMNS.map((c) => c.id);
