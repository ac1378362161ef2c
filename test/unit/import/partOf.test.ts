/**
 * The import's "Part of" column on a real Y.Doc: the round named by title (a deal on the board
 * or a row of the same file, before or after it), by id or External ID; a clear error by row
 * when the round is missing, ambiguous, itself a part, or the links would make a cycle; the dry
 * run lists the links; the applied import sets them in its one transaction and re-importing the
 * board's own export changes nothing.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDeal, selectDeals, setPartOf, userOrigin, type Deal } from '../../../shared/src/board';
import { parseCsv, type CsvTable } from '../../../shared/src/import/csv';
import { fieldForHeader, guessMapping } from '../../../shared/src/import/fields';
import { planImport } from '../../../shared/src/import/plan';
import { applyImport } from '../../../shared/src/import/apply';
import { pipelineBoard, value } from '../board/util';

const DANA = userOrigin('u-dana');

function csv(text: string): CsvTable {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.message);
  return r.table;
}

const plan = (doc: Y.Doc, text: string) => {
  const table = csv(text);
  return planImport(doc, table, guessMapping(table.headers), []);
};
const byTitle = (doc: Y.Doc, title: string): Deal | undefined => selectDeals(doc).deals.find((d) => d.title === title);

describe('import: Part of', () => {
  it('recognises the headers', () => {
    expect(['Part of', 'partOf', 'Round', 'Parent deal'].map(fieldForHeader)).toEqual(['partOf', 'partOf', 'partOf', 'partOf']);
  });

  it('links to a round on the board by title (case-insensitive) and to a round in the same file, before or after the part', () => {
    const { doc, columns } = pipelineBoard();
    const round = value(createDeal(doc, { columnId: columns.talks, title: 'OpenAI funding round', amount: 100e9 }, DANA));
    const text = ['Title,Amount,Part of', 'Amazon → OpenAI,up to $50B,openai FUNDING round', 'Nvidia → xAI,2B,xAI Series E', 'xAI Series E,20B,'].join('\n');
    const before = Y.encodeStateAsUpdate(doc);
    const planned = plan(doc, text);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before); // planning changes nothing
    expect(planned.errors).toEqual([]);
    expect(planned.parts).toEqual([
      { row: 2, round: 'OpenAI funding round' },
      { row: 3, round: 'xAI Series E' },
    ]);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const outcome = applyImport(doc, planned, DANA);
    expect(transactions).toBe(1);
    expect(outcome).toMatchObject({ created: 3, errors: [] });
    expect(byTitle(doc, 'Amazon → OpenAI')?.partOf).toBe(round.dealId);
    expect(byTitle(doc, 'Nvidia → xAI')?.partOf).toBe(byTitle(doc, 'xAI Series E')?.id);
    expect(byTitle(doc, 'xAI Series E')?.partOf).toBeNull();
    // Undo records the links as written.
    expect(outcome.undo.created.find((c) => c.dealId === byTitle(doc, 'Nvidia → xAI')?.id)?.written.partOf).toBe(byTitle(doc, 'xAI Series E')?.id);
  });

  it('links by the round’s id or External ID, on the board or in the file', () => {
    const { doc, columns } = pipelineBoard();
    const round = value(createDeal(doc, { columnId: columns.talks, title: 'Round A' }, DANA));
    const text = ['External ID,Title,Part of', `X-1,By board id,${round.dealId}`, 'X-2,By file id,X-3', 'X-3,Round B,'].join('\n');
    const outcome = applyImport(doc, plan(doc, text), DANA);
    expect(outcome.errors).toEqual([]);
    expect(byTitle(doc, 'By board id')?.partOf).toBe(round.dealId);
    expect(byTitle(doc, 'By file id')?.partOf).toBe(byTitle(doc, 'Round B')?.id);
  });

  it('names the row and field when the round is not found or is ambiguous, and skips only that row', () => {
    const { doc, columns } = pipelineBoard();
    value(createDeal(doc, { columnId: columns.talks, title: 'Twin' }, DANA));
    value(createDeal(doc, { columnId: columns.agreed, title: 'Twin' }, DANA));
    const planned = plan(doc, ['Title,Part of', 'Lost part,No such round', 'Twin part,twin', 'Fine,'].join('\n'));
    expect(planned.errors).toEqual([
      { row: 2, field: 'partOf', message: "no deal titled or with the id 'No such round' on the board or in this file" },
      { row: 3, field: 'partOf', message: "'twin' names 2 deals; write the round's id or External ID instead" },
    ]);
    expect(planned.creates.map((c) => c.row)).toEqual([4]);
    expect(planned.skipped).toBe(2);
  });

  it('refuses a cycle, a deal as its own round, and a round that is itself a part (one level deep)', () => {
    const { doc, columns } = pipelineBoard();
    const top = value(createDeal(doc, { columnId: columns.talks, title: 'Top round' }, DANA));
    const tranche = value(createDeal(doc, { columnId: columns.talks, title: 'Tranche 1' }, DANA));
    value(setPartOf(doc, { dealId: tranche.dealId, partOf: top.dealId }, DANA));
    const planned = plan(doc, ['Title,Part of', 'Alpha,Beta', 'Beta,Alpha', 'Selfish,Selfish', 'Under a part,Tranche 1', 'Fine,Top round'].join('\n'));
    expect(planned.errors).toEqual([
      { row: 2, field: 'partOf', message: 'would make a cycle: “Alpha” → “Beta” → “Alpha”' },
      { row: 3, field: 'partOf', message: 'would make a cycle: “Beta” → “Alpha” → “Beta”' },
      { row: 4, field: 'partOf', message: 'a deal cannot be part of itself' },
      { row: 5, field: 'partOf', message: '“Tranche 1” is itself part of “Top round”; a round cannot be a part' },
    ]);
    expect(planned.creates.map((c) => c.row)).toEqual([6]);
  });

  it('a row whose round has errors fails too, naming that row', () => {
    const { doc } = pipelineBoard();
    const planned = plan(doc, ['Title,Amount,Part of', 'Part,1B,Broken round', 'Broken round,"1,5B",'].join('\n'));
    expect(planned.errors).toEqual([
      { row: 2, field: 'partOf', message: "'Broken round' is row 3, which has errors and is not imported" },
      { row: 3, field: 'amount', message: expect.stringContaining('ambiguous') },
    ]);
    expect(planned.creates).toEqual([]);
  });

  it('re-import: moves a part to another round, clears a link with an empty cell, and changes nothing when unchanged', () => {
    const { doc } = pipelineBoard();
    applyImport(doc, plan(doc, ['Title,Part of', 'Round A,', 'Round B,', 'Part 1,Round A', 'Part 2,Round A'].join('\n')), DANA);
    expect(plan(doc, ['Title,Part of', 'Part 1,Round A'].join('\n'))).toMatchObject({ creates: [], updates: [], skipped: 1, errors: [] });
    // Part 1 moves to Round B; Part 2 leaves its round; Round A becomes part of Round B, which only
    // holds once its own parts have left it (checked as the board will be after the import).
    const outcome = applyImport(doc, plan(doc, ['Title,Part of', 'Part 1,Round B', 'Part 2,', 'Round A,Round B'].join('\n')), DANA);
    expect(outcome).toMatchObject({ created: 0, updated: 3, errors: [] });
    const roundB = byTitle(doc, 'Round B')?.id;
    expect(byTitle(doc, 'Part 1')?.partOf).toBe(roundB);
    expect(byTitle(doc, 'Part 2')?.partOf).toBeNull();
    expect(byTitle(doc, 'Round A')?.partOf).toBe(roundB);
    expect(outcome.undo.updated.find((u) => u.dealId === byTitle(doc, 'Part 2')?.id)?.fields.partOf).toEqual({
      before: byTitle(doc, 'Round A')?.id,
      after: null,
    });
  });

  it('a deal that keeps parts of its own cannot become a part', () => {
    const { doc } = pipelineBoard();
    applyImport(doc, plan(doc, ['Title,Part of', 'Round A,', 'Round B,', 'Part 1,Round A'].join('\n')), DANA);
    const planned = plan(doc, ['Title,Part of', 'Round A,Round B'].join('\n'));
    expect(planned.errors).toEqual([{ row: 2, field: 'partOf', message: 'this deal has parts of its own, so it cannot be a part' }]);
  });

  it('re-importing the board’s own export (id and partOf columns of ids) changes nothing', () => {
    const { doc } = pipelineBoard();
    applyImport(doc, plan(doc, ['Title,Part of', 'Round A,', 'Part 1,Round A'].join('\n')), DANA);
    const rows = selectDeals(doc).deals.map((d) => [d.id, d.title, d.partOf ?? ''].join(','));
    expect(plan(doc, ['id,title,partOf', ...rows].join('\n'))).toMatchObject({ creates: [], updates: [], skipped: 2, errors: [] });
  });
});
