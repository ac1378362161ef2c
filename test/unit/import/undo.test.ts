/**
 * Undoing an import on a real Y.Doc (shared/src/import/undo.ts): the record applyImport keeps,
 * a stage the import added kept while someone's deal is in it, an updated deal deleted since
 * reported as gone, and a moved deal put back in its stage.
 */
import { describe, expect, it } from 'vitest';
import { createDeal, deleteDeal, moveDeal, selectColumns, selectDeals, userOrigin } from '../../../shared/src/board';
import { parseCsv } from '../../../shared/src/import/csv';
import { guessMapping } from '../../../shared/src/import/fields';
import { planImport } from '../../../shared/src/import/plan';
import { applyImport } from '../../../shared/src/import/apply';
import { undoImport } from '../../../shared/src/import/undo';
import { pipelineBoard, value } from '../board/util';

const DANA = userOrigin('u-dana');
const ADA = userOrigin('u-ada');

function importText(doc: Parameters<typeof planImport>[0], text: string) {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.message);
  return applyImport(doc, planImport(doc, r.table, guessMapping(r.table.headers), []), DANA);
}

describe('undoImport', () => {
  it('records what the import did, and puts back a move and a field', () => {
    const { doc, columns } = pipelineBoard();
    const dealId = value(createDeal(doc, { title: 'Old', acquirer: 'A', target: 'B', amount: 1e6, columnId: columns.rumoured }, ADA)).dealId;
    const outcome = importText(doc, 'Title,Acquirer,Target,Value,Stage\nOld,A,B,2M,Agreed\nNew,C,D,3M,Rumoured');
    expect(outcome.undo.created).toHaveLength(1);
    expect(outcome.undo.updated).toEqual([
      { dealId, fields: { amount: { before: 1e6, after: 2e6 }, columnId: { before: columns.rumoured, after: columns.agreed } } },
    ]);
    const undone = undoImport(doc, outcome.undo, DANA);
    expect(undone).toEqual({ removed: 1, reverted: 1, stagesRemoved: 0, skipped: [] });
    const deals = selectDeals(doc).deals;
    expect(deals.map((d) => [d.title, d.amount, d.columnId])).toEqual([['Old', 1e6, columns.rumoured]]);
  });

  it('keeps a new stage that holds someone’s deal, and reports an updated deal deleted since', () => {
    const { doc, columns } = pipelineBoard();
    const dealId = value(createDeal(doc, { title: 'Old', acquirer: 'A', target: 'B', amount: 1e6, columnId: columns.rumoured }, ADA)).dealId;
    const outcome = importText(doc, 'Title,Acquirer,Target,Value,Stage\nOld,A,B,2M,\nNew,C,D,3M,Diligence');
    const diligence = selectColumns(doc).columns.find((c) => c.name === 'Diligence')?.id ?? '';
    const ada = value(createDeal(doc, { title: 'Ada’s', columnId: columns.talks }, ADA)).dealId;
    value(moveDeal(doc, { dealId: ada, toColumnId: diligence }, ADA));
    value(deleteDeal(doc, { dealId }, ADA));
    const undone = undoImport(doc, outcome.undo, DANA);
    expect(undone).toEqual({ removed: 1, reverted: 0, stagesRemoved: 0, skipped: [{ dealId, title: dealId, reason: 'deal_gone' }] });
    expect(selectColumns(doc).columns.map((c) => c.name)).toContain('Diligence');
    expect(selectDeals(doc).deals.map((d) => d.title)).toEqual(['Ada’s']);
  });
});
