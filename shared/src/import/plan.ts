/**
 * What a CSV import would do to a board, worked out without changing it: which rows create a
 * deal, which update one (matched by External ID, else by title + acquirer + target), which are
 * skipped, every error by row and field, and the stages that do not exist yet. The dry run
 * returns this; the confirmed import applies exactly this (apply.ts). Row numbers are as in a
 * spreadsheet: the header is row 1, the first deal row 2.
 */
import type * as Y from 'yjs';
import { DEAL_KINDS, type DealKind, type AmountQualifier, AMOUNT_QUALIFIERS } from '../board/schema';
import { dealPatchSchema, firstIssue, type DealPatch } from '../board/validate';
import { readBoardInfo } from '../board/readers';
import { selectColumns, selectDeals } from '../board/selectors';
import { readAmount } from '../input/amount';
import type { CsvTable } from './csv';
import { readExternalId } from './externalId';
import type { ColumnMapping, ImportField } from './fields';
import { resolvePartOf, type PartOfRow, type PartOfTarget } from './partOf';

export interface ImportMember {
  id: string;
  email: string;
  name: string;
}

export interface ImportError {
  row: number;
  field: string;
  message: string;
}

interface PlannedRow {
  row: number;
  /** The stage by name as written (null: the first stage for a new deal, unchanged for an update). */
  stageName: string | null;
  fields: DealPatch;
  /** The round the deal will be part of (see partOf.ts); undefined: left as it is. */
  partOf?: PartOfTarget;
}

export interface PlannedCreate extends PlannedRow {
  externalId: string | null;
}

export interface PlannedUpdate extends PlannedRow {
  dealId: string;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  /** Rows left alone: unchanged, or with errors. */
  skipped: number;
  errors: ImportError[];
  /** Stage names not on the board (case-insensitively), created when the import is confirmed. */
  newStages: string[];
  /** Rows whose deal becomes part of a round, with the round's title (the preview shows them). */
  parts: Array<{ row: number; round: string }>;
}

export const IMPORT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 20_000 } as const;

const QUALIFIER_WORDS: Record<string, AmountQualifier> = {
  exact: 'exact',
  exactly: 'exact',
  upto: 'up_to',
  about: 'about',
  approx: 'about',
  atleast: 'at_least',
};

const dealKey = (title: string, acquirer: string, target: string) => [title, acquirer, target].map((s) => s.trim().toLowerCase()).join('\u0000');

/** Reads one cell into the patch; returns an error message, or null when fine. */
function readCell(
  field: ImportField,
  raw: string,
  into: DealPatch & { stage?: string; externalId?: string; partOfText?: string },
  ctx: { members: ImportMember[] },
): string | null {
  const text = raw.trim();
  switch (field) {
    case 'externalId':
      if (text) into.externalId = text;
      return null;
    case 'stage':
      if (text) into.stage = text;
      return null;
    case 'partOf':
      into.partOfText = text;
      return null;
    case 'title':
    case 'acquirer':
    case 'target':
      into[field] = text;
      return null;
    case 'amount':
    case 'valuation': {
      const reading = readAmount(text, { pointGroups: true });
      if (!reading.ok) return reading.message;
      into[field] = reading.amount;
      if (field === 'amount' && reading.qualifier && into.amountQualifier === undefined) into.amountQualifier = reading.qualifier;
      if (reading.currency && into.currency === undefined) into.currency = reading.currency;
      return null;
    }
    case 'amountQualifier': {
      if (!text) return null;
      const q = QUALIFIER_WORDS[text.toLowerCase().replace(/[^a-z]/g, '')] ?? (AMOUNT_QUALIFIERS as readonly string[]).find((x) => x === text);
      if (!q) return `'${text}' is not one of exact, up to, about, at least`;
      into.amountQualifier = q as AmountQualifier;
      return null;
    }
    case 'currency':
      if (text) into.currency = text.toUpperCase();
      return null;
    case 'probability': {
      if (!text) {
        into.probability = null;
        return null;
      }
      const value = Number(text.replace(/%$/, '').trim());
      if (!Number.isFinite(value)) return `'${text}' is not a number`;
      into.probability = value;
      return null;
    }
    case 'owner': {
      if (!text) {
        into.ownerId = null;
        return null;
      }
      const lower = text.toLowerCase();
      const member = ctx.members.find((m) => m.email.toLowerCase() === lower || m.id === text) ?? ctx.members.find((m) => m.name.toLowerCase() === lower);
      if (!member) return `'${text}' is no member's email or name`;
      into.ownerId = member.id;
      return null;
    }
    case 'expectedClose': {
      if (!text) {
        into.expectedClose = null;
        return null;
      }
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
      if (!m?.[1]) return `'${text}' is not a date (write YYYY-MM-DD)`;
      into.expectedClose = m[1];
      return null;
    }
    case 'tags':
      into.tags = text
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean);
      return null;
    case 'kind': {
      if (!text) return null;
      const kind = DEAL_KINDS.find((k) => k === text.toLowerCase());
      if (!kind) return `'${text}' is not one of ${DEAL_KINDS.join(', ')}`;
      into.kind = kind as DealKind;
      return null;
    }
  }
}

/**
 * Plans importing `table` into `doc` with `mapping` (one entry per CSV column).
 * @example planImport(doc, table, guessMapping(table.headers), members)
 */
export function planImport(doc: Y.Doc, table: CsvTable, mapping: ColumnMapping, members: ImportMember[]): ImportPlan {
  const plan: ImportPlan = { creates: [], updates: [], skipped: 0, errors: [], newStages: [], parts: [] };
  const boardCurrency = readBoardInfo(doc).currency;
  const stages = new Map(selectColumns(doc).columns.map((c) => [c.name.trim().toLowerCase(), c]));
  const newStages = new Map<string, string>();
  const deals = selectDeals(doc).deals;
  const byExternalId = new Map<string, (typeof deals)[number]>();
  const byKey = new Map<string, (typeof deals)[number]>();
  const byId = new Map(deals.map((deal) => [deal.id, deal]));
  for (const deal of deals) {
    const ext = readExternalId(doc, deal.id);
    if (ext) byExternalId.set(ext, deal);
    byKey.set(dealKey(deal.title, deal.acquirer, deal.target), deal);
  }
  const seen = new Map<string, number>();
  // Rows without errors, finished once every row is read (a Part of cell may name a later row).
  const pending: Array<
    { kind: 'create'; planned: PlannedCreate } | { kind: 'update'; planned: PlannedUpdate; moves: boolean; existing: (typeof deals)[number] }
  > = [];
  const partOfRows: PartOfRow[] = [];
  const skippedTitles = new Map<string, number>();
  if (!mapping.includes('title')) plan.errors.push({ row: 1, field: 'title', message: 'no column is mapped to the title' });

  table.rows.forEach((cells, index) => {
    const row = index + 2;
    const read: DealPatch & { stage?: string; externalId?: string; partOfText?: string } = {};
    const rowErrors: ImportError[] = [];
    mapping.forEach((field, column) => {
      if (!field) return;
      const message = readCell(field, cells[column] ?? '', read, { members });
      if (message) rowErrors.push({ row, field, message });
    });
    const { stage, externalId, partOfText, ...fields } = read;
    // An External ID is the source system's id, or a Tranche id (re-importing our own export.csv).
    const existing = externalId
      ? (byExternalId.get(externalId) ?? byId.get(externalId))
      : byKey.get(dealKey(fields.title ?? '', fields.acquirer ?? '', fields.target ?? ''));
    if (!existing && !fields.title) rowErrors.push({ row, field: 'title', message: 'is missing' });
    const checked = dealPatchSchema.safeParse(fields);
    if (!checked.success && rowErrors.length === 0) {
      const { field, message } = firstIssue(checked.error);
      rowErrors.push({ row, field: field.split('.')[0] ?? '', message: message.replace(/^[^:]+: /, '') });
    }
    const identity = externalId ? `id:${externalId}` : `key:${dealKey(fields.title ?? '', fields.acquirer ?? '', fields.target ?? '')}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) rowErrors.push({ row, field: externalId ? 'externalId' : 'title', message: `repeats row ${earlier}` });
    if (rowErrors.length > 0 || !checked.success) {
      plan.errors.push(...rowErrors);
      plan.skipped++;
      if (fields.title) skippedTitles.set(fields.title.trim().toLowerCase(), row);
      return;
    }
    seen.set(identity, row);
    const known = stage ? stages.get(stage.toLowerCase()) : undefined;
    const parsed = checked.data;
    partOfRows.push({ row, title: parsed.title ?? existing?.title ?? '', dealId: existing?.id ?? null, externalId: externalId ?? null, partOfText });
    if (!existing) {
      pending.push({
        kind: 'create',
        planned: { row, stageName: stage ?? null, externalId: externalId ?? null, fields: { currency: boardCurrency, ...parsed } },
      });
      return;
    }
    const patch: DealPatch = {};
    for (const [key, value] of Object.entries(parsed) as Array<[keyof DealPatch, unknown]>) {
      const current: unknown = existing[key as keyof typeof existing];
      const same = Array.isArray(value) && Array.isArray(current) ? value.join('\u0000') === current.join('\u0000') : current === value;
      if (!same) (patch as Record<string, unknown>)[key] = value;
    }
    const moves = stage !== undefined && (known ? known.id !== existing.columnId : true);
    pending.push({ kind: 'update', planned: { row, dealId: existing.id, stageName: moves ? (stage ?? null) : null, fields: patch }, moves, existing });
  });

  const links = resolvePartOf(deals, (id) => readExternalId(doc, id), partOfRows, skippedTitles);
  for (const item of pending) {
    const { planned } = item;
    const refused = links.errors.get(planned.row);
    if (refused !== undefined) {
      plan.errors.push({ row: planned.row, field: 'partOf', message: refused });
      plan.skipped++;
      continue;
    }
    const target = links.targets.get(planned.row);
    const changesLink = target !== undefined && (item.kind === 'create' ? target !== null : !sameTarget(target, item.existing.partOf));
    if (changesLink) planned.partOf = target;
    if (target) plan.parts.push({ row: planned.row, round: links.titleOf(target) });
    const stage = planned.stageName;
    if (stage && !stages.has(stage.toLowerCase()) && !newStages.has(stage.toLowerCase())) newStages.set(stage.toLowerCase(), stage);
    if (item.kind === 'create') plan.creates.push(item.planned);
    else if (Object.keys(planned.fields).length === 0 && !item.moves && !changesLink) plan.skipped++;
    else plan.updates.push(item.planned);
  }
  plan.errors.sort((a, b) => a.row - b.row);
  plan.newStages = [...newStages.values()];
  return plan;
}

function sameTarget(target: PartOfTarget, current: string | null): boolean {
  return target === null ? current === null : 'dealId' in target && target.dealId === current;
}
