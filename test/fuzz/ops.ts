/**
 * Random operations drawn from every mutation (plus notes typing through the
 * bound Y.Text, and deliberately bad input), chosen from the replica's own
 * view of the board, as a person at that replica would.
 */
import type * as Y from 'yjs';
import * as board from '../../shared/src/board';
import type { Deal, MutationOptions, MutationResult } from '../../shared/src/board';
import type { Random } from './random';

const USERS = [board.userOrigin('ada'), board.userOrigin('bob'), board.userOrigin('cy'), board.SYSTEM_ORIGIN];
const TAGS = ['AI', 'cloud', 'mega-round', 'chips', 'M&A', 'EU', 'IPO'];
const LINKS = ['https://openai.com/', 'https://www.anthropic.com/', 'https://www.nvidia.com/', 'http://example.com/a'];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'JPY'];
const WORDS = ['Amazon', 'OpenAI', 'SoftBank', '$50B', 'Azure', 'AWS', 'Prism', 'ÿ', '😀', 'talks'];

export interface Op {
  name: string;
  result: MutationResult<unknown>;
  /** Extra assertions to run on the acting replica right after a successful op. */
  after?: () => string | null;
}

export interface OpContext {
  doc: Y.Doc;
  rnd: Random;
  options: MutationOptions;
}

const WEIGHTS = {
  createDeal: 20,
  updateDeal: 12,
  moveDeal: 20,
  archiveDeal: 4,
  restoreDeal: 3,
  deleteDeal: 2,
  addComment: 6,
  editComment: 4,
  deleteComment: 3,
  typeNotes: 3,
  addColumn: 3,
  renameColumn: 2,
  moveColumn: 3,
  setColumnProps: 2,
  deleteColumn: 2,
  setBoardInfo: 1,
  initBoard: 0.5,
  buildDemoBoard: 0.3,
  garbage: 3,
} as const;

function allDeals(doc: Y.Doc): Deal[] {
  return board.readDeals(doc).filter(board.isValid);
}

function words(rnd: Random, n = 1 + rnd.int(3)): string {
  return Array.from({ length: n }, () => rnd.pick(WORDS)).join(' ');
}

function sample<T>(rnd: Random, list: readonly T[], max: number): T[] {
  return list.filter(() => rnd.chance(0.5)).slice(0, rnd.int(max + 1));
}

/** Neighbours for a drop into `columnId`: usually a real gap, sometimes odd or wrong on purpose. */
function neighbours(ctx: OpContext, columnId: string, self: string | null): { after?: string | null; before?: string | null } {
  const { rnd, doc } = ctx;
  const lane = board.selectLanes(doc, { includeArchived: rnd.chance(0.3) }).find((l) => l.column?.id === columnId);
  const ids = (lane?.deals ?? []).map((d) => d.id).filter((id) => id !== self);
  const gap = rnd.int(ids.length + 1);
  const after = ids[gap - 1] ?? null;
  const before = ids[gap] ?? null;
  const mode = rnd.int(10);
  if (mode < 3) return { after };
  if (mode < 5) return { before };
  if (mode < 8) return { after, before };
  if (mode < 9) return {};
  return { after: rnd.pick(allDeals(doc))?.id ?? null };
}

/** After a successful placement, the record must sit right after `after` / right before `before`. */
function placedCheck(doc: Y.Doc, dealId: string, columnId: string, after?: string | null, before?: string | null) {
  return () => {
    const lane = board.selectLanes(doc, { includeArchived: true }).find((l) => l.column?.id === columnId);
    const ids = lane?.deals.map((d) => d.id) ?? [];
    const at = ids.indexOf(dealId);
    if (at < 0) return `deal ${dealId} is not in column ${columnId}`;
    if (after && ids[at - 1] !== after) return `deal ${dealId} should follow ${after}: ${ids.join(',')}`;
    if (!after && before && ids[at + 1] !== before) return `deal ${dealId} should precede ${before}: ${ids.join(',')}`;
    if (!after && !before && at !== ids.length - 1) return `deal ${dealId} should be last`;
    return null;
  };
}

function randomPatch(rnd: Random): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const fields: [string, () => unknown][] = [
    ['title', () => words(rnd)],
    ['kind', () => rnd.pick(board.DEAL_KINDS)],
    ['acquirer', () => words(rnd, 1)],
    ['target', () => words(rnd, 1)],
    ['amount', () => (rnd.chance(0.2) ? null : rnd.int(100) * 1e9)],
    ['amountQualifier', () => rnd.pick(board.AMOUNT_QUALIFIERS)],
    ['currency', () => rnd.pick(CURRENCIES)],
    ['valuation', () => (rnd.chance(0.5) ? null : 830e9)],
    ['probability', () => (rnd.chance(0.3) ? null : rnd.int(101))],
    ['ownerId', () => rnd.pick(['ada', 'bob', null])],
    ['expectedClose', () => rnd.pick([null, '2026-06-30', '2026-03-01T09:00:00.000Z'])],
    ['tags', () => sample(rnd, TAGS, 4)],
    ['links', () => sample(rnd, LINKS, 2)],
    ['notes', () => words(rnd, rnd.int(5))],
  ];
  for (const [key, make] of fields) if (rnd.chance(0.25)) patch[key] = make();
  return patch;
}

/** Perform one random operation on `ctx.doc`. */
export function randomOp(ctx: OpContext): Op {
  const { doc, rnd, options } = ctx;
  const origin = rnd.pick(USERS) ?? board.SYSTEM_ORIGIN;
  const columns = board.selectColumns(doc).columns;
  const deals = allDeals(doc);
  const column = rnd.pick(columns);
  const kind = rnd.weighted(WEIGHTS);
  // Mostly pick a record the operation can apply to; sometimes any (to exercise noop / not_found).
  const fitting = (keep: (d: Deal) => boolean) => (rnd.chance(0.8) ? deals.filter(keep) : deals);
  const deal = rnd.pick(
    kind === 'restoreDeal'
      ? fitting((d) => d.archived)
      : kind === 'archiveDeal'
        ? fitting((d) => !d.archived)
        : kind === 'editComment' || kind === 'deleteComment'
          ? fitting((d) => d.comments.some((c) => !c.deleted))
          : deals,
  );
  const comment = deal ? rnd.pick(deal.comments) : undefined;
  // Ids that may not exist any more (or never did) are fine: the mutation must say not_found.
  const columnId = column?.id ?? 'missing';
  const dealId = deal?.id ?? 'missing';
  switch (kind) {
    case 'createDeal': {
      const place = neighbours(ctx, columnId, null);
      const result = board.createDeal(doc, { columnId, title: words(rnd), ...randomPatch(rnd), ...place }, origin, options);
      return { name: kind, result, after: result.ok ? placedCheck(doc, result.value.dealId, columnId, place.after, place.before) : undefined };
    }
    case 'updateDeal':
      return { name: kind, result: board.updateDeal(doc, { dealId, patch: randomPatch(rnd) }, origin, options) };
    case 'moveDeal': {
      const place = neighbours(ctx, columnId, dealId);
      const result = board.moveDeal(doc, { dealId, toColumnId: columnId, ...place }, origin, options);
      return { name: kind, result, after: result.ok ? placedCheck(doc, dealId, columnId, place.after, place.before) : undefined };
    }
    case 'archiveDeal':
      return { name: kind, result: board.archiveDeal(doc, { dealId }, origin, options) };
    case 'restoreDeal':
      return { name: kind, result: board.restoreDeal(doc, { dealId }, origin, options) };
    case 'deleteDeal':
      return { name: kind, result: board.deleteDeal(doc, { dealId }, origin, options) };
    case 'addComment':
      return { name: kind, result: board.addComment(doc, { dealId, body: words(rnd) }, origin, options) };
    case 'editComment': {
      const author = comment ? board.userOrigin(comment.authorId) : origin;
      const who = rnd.chance(0.8) && comment?.authorId !== 'system' ? author : origin;
      return { name: kind, result: board.editComment(doc, { dealId, commentId: comment?.id ?? 'missing', body: words(rnd) }, who, options) };
    }
    case 'deleteComment': {
      const who = comment && rnd.chance(0.8) ? (comment.authorId === 'system' ? board.SYSTEM_ORIGIN : board.userOrigin(comment.authorId)) : origin;
      return { name: kind, result: board.deleteComment(doc, { dealId, commentId: comment?.id ?? 'missing' }, who, options) };
    }
    case 'typeNotes': {
      const text = board.dealNotes(doc, dealId);
      if (!text) return { name: kind, result: board.fail('not_found', 'no notes') };
      doc.transact(() => {
        if (text.length > 0 && rnd.chance(0.4)) text.delete(rnd.int(text.length), 1);
        else text.insert(rnd.int(text.length + 1), rnd.pick(WORDS) ?? 'x');
      }, origin);
      return { name: kind, result: board.ok() };
    }
    case 'addColumn': {
      const other = rnd.pick(columns)?.id ?? null;
      const place = rnd.chance(0.5) ? { after: other } : rnd.chance(0.5) ? { before: other } : {};
      return {
        name: kind,
        result: board.addColumn(
          doc,
          { name: words(rnd, 1), kind: rnd.pick(board.COLUMN_KINDS), probability: rnd.chance(0.5) ? rnd.int(101) : null, ...place },
          origin,
          options,
        ),
      };
    }
    case 'renameColumn':
      return { name: kind, result: board.renameColumn(doc, { columnId, name: words(rnd, 1) }, origin, options) };
    case 'moveColumn': {
      const other = rnd.pick(columns)?.id ?? null;
      return { name: kind, result: board.moveColumn(doc, { columnId, ...(rnd.chance(0.5) ? { after: other } : { before: other }) }, origin, options) };
    }
    case 'setColumnProps':
      return {
        name: kind,
        result: board.setColumnProps(
          doc,
          { columnId, kind: rnd.pick(board.COLUMN_KINDS), staleDays: rnd.chance(0.5) ? null : 1 + rnd.int(60), color: rnd.pick(board.COLUMN_PALETTE) },
          origin,
          options,
        ),
      };
    case 'deleteColumn': {
      const target = rnd.pick(columns.filter((c) => c.id !== columnId))?.id;
      return { name: kind, result: board.deleteColumn(doc, { columnId, ...(rnd.chance(0.9) && target ? { moveDealsTo: target } : {}) }, origin, options) };
    }
    case 'setBoardInfo':
      return { name: kind, result: board.setBoardInfo(doc, { name: words(rnd), currency: rnd.pick(CURRENCIES) }, origin, options) };
    case 'initBoard':
      return { name: kind, result: board.initBoard(doc, { name: 'Fuzz', template: rnd.chance(0.5) ? 'pipeline' : 'empty' }, origin, options) };
    case 'buildDemoBoard':
      return { name: kind, result: board.buildDemoBoard(doc, { ownerId: 'ada', now: options.now }, origin, { newId: options.newId }) };
    case 'garbage':
      return { name: kind, result: garbage(ctx, columnId, dealId, origin) };
  }
}

/** Deliberately bad input: each must be rejected and leave the document unchanged. */
function garbage(ctx: OpContext, columnId: string, dealId: string, origin: board.MutationOrigin): MutationResult<unknown> {
  const { doc, rnd, options } = ctx;
  const choices: (() => MutationResult<unknown>)[] = [
    () => board.createDeal(doc, { columnId, title: '' }, origin, options),
    () => board.createDeal(doc, { columnId, title: 'x', links: ['javascript:alert(1)'] }, origin, options),
    () => board.updateDeal(doc, { dealId, patch: { probability: 101 } }, origin, options),
    () => board.updateDeal(doc, { dealId, patch: { amount: -1 } }, origin, options),
    () => board.moveDeal(doc, { dealId, toColumnId: 'nowhere' }, origin, options),
    () => board.addColumn(doc, { name: 'x'.repeat(61) }, origin, options),
    () => board.addComment(doc, { dealId, body: ' ' }, origin, options),
    () => board.setBoardInfo(doc, { currency: 'usd' }, origin, options),
    () => board.deleteColumn(doc, { columnId, moveDealsTo: columnId }, origin, options),
  ];
  return (rnd.pick(choices) ?? choices[0]!)();
}
