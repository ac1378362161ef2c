/**
 * Turning what someone typed into a table cell into the same named mutation the drawer uses
 * (updateDeal / moveDeal), so the shared validators decide what is acceptable.
 */
import type * as Y from 'yjs';
import { moveDeal, setPartOf, updateDeal, type MutationOrigin, type MutationResult } from '../../model';
import { readAmount } from '../../../../shared/src/input/amount';
import { amountToInput } from '../../lib/format';
import type { TableColumnDef, TableRow } from './tableColumns';

type Failure = { ok: false; error: { code: string; message: string } };
const invalid = (message: string): Failure => ({ ok: false, error: { code: 'invalid', message } });

/** The text an editor starts with for a cell. */
export function editText(column: TableColumnDef, { deal, column: stage }: TableRow): string {
  switch (column.id) {
    case 'amount':
      return amountToInput(deal.amount);
    case 'valuation':
      return amountToInput(deal.valuation);
    case 'probability':
      return deal.probability === null ? '' : String(deal.probability);
    case 'stage':
      return stage?.id ?? '';
    case 'owner':
      return deal.ownerId ?? '';
    case 'partOf':
      return deal.partOf ?? '';
    case 'tags':
      return deal.tags.join(', ');
    case 'expectedClose':
      return deal.expectedClose?.slice(0, 10) ?? '';
    default: {
      const value: unknown = deal[column.id as keyof typeof deal];
      return typeof value === 'string' ? value : '';
    }
  }
}

/** Applies `text` to the cell's field; a failed parse or a refused mutation comes back as the error. */
export function commitCell(doc: Y.Doc, origin: MutationOrigin, column: TableColumnDef, row: TableRow, text: string): MutationResult | Failure {
  const dealId = row.deal.id;
  const patch = (p: Parameters<typeof updateDeal>[1]['patch']) => updateDeal(doc, { dealId, patch: p }, origin);
  switch (column.editor) {
    case 'stage':
      return text ? moveDeal(doc, { dealId, toColumnId: text }, origin) : invalid('choose a stage');
    case 'amount': {
      const reading = readAmount(text, { label: column.id === 'valuation' ? 'Valuation' : 'Amount' });
      if (!reading.ok) return invalid(reading.message);
      if (column.id === 'valuation') return patch({ valuation: reading.amount });
      return patch({
        amount: reading.amount,
        ...(reading.qualifier ? { amountQualifier: reading.qualifier } : {}),
        ...(reading.currency ? { currency: reading.currency } : {}),
      });
    }
    case 'percent': {
      const trimmed = text.trim().replace(/%$/, '');
      if (trimmed === '') return patch({ probability: null });
      const value = Number(trimmed);
      return Number.isFinite(value) ? patch({ probability: value }) : invalid(`'${text}' is not a number`);
    }
    case 'currency':
      return patch({ currency: text.trim().toUpperCase() });
    case 'date':
      return patch({ expectedClose: text.trim() || null });
    case 'owner':
      return patch({ ownerId: text || null });
    case 'partOf':
      return setPartOf(doc, { dealId, partOf: text || null }, origin);
    case 'tags':
      return patch({
        tags: text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      });
    case 'kind':
      return patch({ kind: text as never });
    case 'text':
      return patch({ [column.id]: column.id === 'title' ? text.trim() : text });
    default:
      return invalid('this column is worked out, not edited');
  }
}
