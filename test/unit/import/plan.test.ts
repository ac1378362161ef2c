/**
 * Planning and applying an import on a real Y.Doc: creates, updates on re-import (External ID,
 * else title + acquirer + target), unknown stages created on confirm, owners by email or name,
 * errors by row and field, and the whole import as one transaction.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { selectColumns, selectDeals, userOrigin } from '../../../shared/src/board';
import { parseCsv, type CsvTable } from '../../../shared/src/import/csv';
import { guessMapping } from '../../../shared/src/import/fields';
import { planImport, type ImportMember } from '../../../shared/src/import/plan';
import { applyImport } from '../../../shared/src/import/apply';
import { pipelineBoard } from '../board/util';

const MEMBERS: ImportMember[] = [
  { id: 'u-dana', email: 'dana@example.com', name: 'Dana Scully' },
  { id: 'u-bob', email: 'bob@example.com', name: 'Bob Marsh' },
];
const DANA = userOrigin('u-dana');

function csv(text: string): CsvTable {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.message);
  return r.table;
}

const FILE = [
  'Deal ID,Title,Acquirer,Target,Value,Stage,Owner,Expected close date,Probability,Labels',
  'P-1,Amazon → OpenAI,Amazon,OpenAI,up to $50B,In talks,dana@example.com,2026-04-30,40,ai;cloud',
  'P-2,SoftBank more,SoftBank,OpenAI,"30,000,000,000",agreed,Bob Marsh,,70%,',
  'P-3,Bad amount,X,Y,"1,5B",In talks,,,,',
  'P-4,New stage deal,A,B,€1.2M,Due diligence,,2026-13-45,,',
  'P-5,Unknown owner,A,B,5B,Rumoured,nobody@example.com,,,',
].join('\n');

describe('planImport / applyImport', () => {
  it('plans creates, errors by row and field, and new stages without changing the doc', () => {
    const { doc } = pipelineBoard();
    const before = Y.encodeStateAsUpdate(doc);
    const table = csv(FILE);
    const plan = planImport(doc, table, guessMapping(table.headers), MEMBERS);
    expect(plan.creates.map((c) => c.row)).toEqual([2, 3]);
    expect(plan.updates).toEqual([]);
    expect(plan.skipped).toBe(3);
    expect(plan.errors).toEqual([
      { row: 4, field: 'amount', message: expect.stringContaining("'1,5B' is ambiguous") },
      { row: 5, field: 'expectedClose', message: expect.stringContaining('ISO 8601') },
      { row: 6, field: 'owner', message: "'nobody@example.com' is no member's email or name" },
    ]);
    expect(plan.newStages).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('applies in one transaction: stages by name case-insensitively, owners by email or name, amount qualifier and currency', () => {
    const { doc } = pipelineBoard();
    const table = csv(FILE.replace('2026-13-45', '2026-09-30'));
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const outcome = applyImport(doc, planImport(doc, table, guessMapping(table.headers), MEMBERS), DANA);
    expect(transactions).toBe(1);
    expect(outcome).toMatchObject({ created: 3, updated: 0, skipped: 2, stagesCreated: ['Due diligence'] });
    const columns = selectColumns(doc).columns;
    const stage = (id: string) => columns.find((c) => c.id === id)?.name;
    const deals = selectDeals(doc).deals;
    const amazon = deals.find((d) => d.title === 'Amazon → OpenAI');
    expect(amazon).toMatchObject({
      amount: 50e9,
      amountQualifier: 'up_to',
      currency: 'USD',
      ownerId: 'u-dana',
      expectedClose: '2026-04-30',
      probability: 40,
      tags: ['ai', 'cloud'],
    });
    expect(stage(amazon?.columnId ?? '')).toBe('In talks');
    const softbank = deals.find((d) => d.title === 'SoftBank more');
    expect(softbank).toMatchObject({ amount: 30e9, ownerId: 'u-bob', probability: 70 });
    expect(stage(softbank?.columnId ?? '')).toBe('Agreed');
    const euro = deals.find((d) => d.title === 'New stage deal');
    expect(euro).toMatchObject({ amount: 1.2e6, currency: 'EUR' });
    expect(stage(euro?.columnId ?? '')).toBe('Due diligence');
  });

  it('re-importing the same file updates instead of duplicating (External ID, else title + parties)', () => {
    const { doc } = pipelineBoard();
    const first = csv(FILE);
    applyImport(doc, planImport(doc, first, guessMapping(first.headers), MEMBERS), DANA);
    const count = selectDeals(doc).deals.length;
    const again = planImport(doc, first, guessMapping(first.headers), MEMBERS);
    expect(again.creates).toEqual([]);
    expect(again.updates).toEqual([]);
    expect(again.skipped).toBe(5);

    const changed = csv(FILE.replace('up to $50B', '$60B').replace('P-2,SoftBank more', 'P-2,SoftBank even more'));
    const plan = planImport(doc, changed, guessMapping(changed.headers), MEMBERS);
    // Only what changed is written; a plain "$60B" leaves the qualifier as it was.
    expect(plan.updates.map((u) => [u.row, u.fields])).toEqual([
      [2, { amount: 60e9 }],
      [3, { title: 'SoftBank even more' }],
    ]);
    applyImport(doc, plan, DANA);
    expect(selectDeals(doc).deals).toHaveLength(count);
  });

  it('without an External ID column, matches on title + acquirer + target', () => {
    const { doc } = pipelineBoard();
    const file = csv('Title,Acquirer,Target,Amount\nMeta buys Manus,Meta,Manus,2B\n');
    applyImport(doc, planImport(doc, file, guessMapping(file.headers), MEMBERS), DANA);
    const again = csv('Title,Acquirer,Target,Amount\nmeta buys manus,META,Manus,2.5B\n');
    const outcome = applyImport(doc, planImport(doc, again, guessMapping(again.headers), MEMBERS), DANA);
    expect(outcome).toMatchObject({ created: 0, updated: 1 });
    expect(selectDeals(doc).deals.map((d) => [d.title, d.amount])).toEqual([['meta buys manus', 2.5e9]]);
  });

  it('a file without a title column is an error naming the field', () => {
    const { doc } = pipelineBoard();
    const file = csv('Amount\n5B\n');
    const plan = planImport(doc, file, guessMapping(file.headers), MEMBERS);
    expect(plan.errors[0]).toEqual({ row: 1, field: 'title', message: 'no column is mapped to the title' });
    expect(plan.creates).toEqual([]);
  });
});

describe('re-importing Tranche’s own export', () => {
  it('matches the export’s id column to the deals and changes nothing', () => {
    const { doc } = pipelineBoard();
    const file = csv('Title,Acquirer,Target,Amount,Stage\nMeta buys Manus,Meta,Manus,2B,Agreed\nxAI round,,xAI,about 5B,Rumoured\n');
    applyImport(doc, planImport(doc, file, guessMapping(file.headers), MEMBERS), DANA);
    const columns = selectColumns(doc).columns;
    const rows = selectDeals(doc).deals.map((d) =>
      [
        d.id,
        d.title,
        d.kind,
        columns.find((c) => c.id === d.columnId)?.name,
        d.acquirer,
        d.target,
        d.amount,
        d.amountQualifier,
        d.currency,
        d.probability ?? '',
        d.ownerId ?? '',
        d.expectedClose ?? '',
        d.tags.join('; '),
      ].join(','),
    );
    const exported = csv(['id,title,kind,stage,acquirer,target,amount,amountQualifier,currency,probability,ownerId,expectedClose,tags', ...rows].join('\n'));
    const plan = planImport(doc, exported, guessMapping(exported.headers), MEMBERS);
    expect(plan).toMatchObject({ creates: [], updates: [], skipped: 2, errors: [] });
  });
});
