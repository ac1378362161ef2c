/**
 * The demo board's January 2026: the same deals as demo.ts, arriving over the month, with
 * the moves, price changes, a loss and a deletion a real team would have made, so time
 * travel has something to show on a fresh install. Each step is one edit at its own time;
 * the server logs each as one update at that time (server/src/demo/seedDemo.ts).
 */
import type * as Y from 'yjs';
import { DEMO_DATE, DEMO_DEALS } from './demo';
import { addComment } from './mutations/comments';
import type { MutationOptions } from './mutations/common';
import { createDeal, deleteDeal, moveDeal, updateDeal } from './mutations/deals';
import { initBoard } from './mutations/board';
import type { MutationOrigin } from './origin';
import type { MutationResult } from './result';
import type { NewDealInput } from './validate';

export interface DemoStep {
  /** ISO time of the edit. */
  at: string;
  run(doc: Y.Doc, origin: MutationOrigin, options: MutationOptions): MutationResult<unknown>;
}

const HOUR_MS = 3_600_000;
const BOARD_START = Date.parse('2026-01-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const day = (d: number, hour: number, minute = 0) => iso(Date.UTC(2026, 0, d, hour, minute));

/** Where each deal starts and how it gets to where demo.ts has it (by title prefix). */
const PATHS: Record<string, { start: string; moves?: Array<{ at: string; to: string }>; amountFirst?: number; repricedAt?: string }> = {
  'Meta acquires Manus': {
    start: 'Agreed',
    moves: [
      { at: day(5, 15, 20), to: 'Regulatory review' },
      { at: day(9, 11, 5), to: 'Closed' },
    ],
  },
  'Amazon → Anthropic': { start: 'Agreed', moves: [{ at: day(12, 16, 40), to: 'Closed' }], amountFirst: 6e9, repricedAt: day(11, 10, 15) },
  'OpenAI funding round': { start: 'Rumoured', moves: [{ at: day(27, 14, 30), to: 'In talks' }], amountFirst: 60e9, repricedAt: day(27, 14, 35) },
  'SoftBank → OpenAI': { start: 'Rumoured', moves: [{ at: day(28, 21, 10), to: 'In talks' }], amountFirst: 25e9, repricedAt: day(28, 21, 15) },
};

/** Deals that did not make it to the article: one lost, one deleted as a false rumour. */
const EXTRA: Array<{ at: string; input: Omit<NewDealInput, 'columnId'>; start: string; end: { at: string; to: string } | { at: string; deleted: true } }> = [
  {
    at: day(6, 10, 0),
    start: 'In talks',
    end: { at: day(22, 17, 45), to: 'Abandoned' },
    input: {
      title: 'Apple → Perplexity: acquisition talks',
      kind: 'acquisition',
      acquirer: 'Apple',
      target: 'Perplexity',
      amount: 14e9,
      amountQualifier: 'about',
      tags: ['AI', 'M&A'],
    },
  },
  {
    at: day(14, 9, 30),
    start: 'Rumoured',
    end: { at: day(19, 12, 0), deleted: true },
    input: { title: 'xAI → Mistral merger rumour', kind: 'merger', acquirer: 'xAI', target: 'Mistral', amount: null, tags: ['AI', 'rumour'] },
  },
];

/**
 * The steps in time order. `ownerId` owns every deal.
 * @example for (const step of demoHistory(user.id)) step.run(doc, origin, { now: new Date(step.at) });
 */
export function demoHistory(ownerId: string | null): DemoStep[] {
  const columns = new Map<string, string>();
  const deals = new Map<string, string>();
  const steps: DemoStep[] = [
    {
      at: iso(BOARD_START),
      run: (doc, origin, options) => {
        const board = initBoard(doc, { name: 'AI mega-deals — January 2026', currency: 'USD', template: 'pipeline' }, origin, options);
        if (board.ok) {
          const names = ['Rumoured', 'In talks', 'Agreed', 'Regulatory review', 'Closed', 'Abandoned'];
          board.value.columnIds.forEach((id, i) => columns.set(names[i] ?? id, id));
        }
        return board;
      },
    },
  ];
  const column = (name: string) => columns.get(name) ?? '';
  /** The id of the deal whose title starts with `prefix` (a round named by demo.ts), if made yet. */
  const dealByPrefix = (prefix: string | undefined) => (prefix ? [...deals].find(([title]) => title.startsWith(prefix))?.[1] : undefined);
  const create = (key: string, at: string, input: Omit<NewDealInput, 'columnId'>, start: string, round?: string) =>
    steps.push({
      at,
      run: (doc, origin, options) => {
        const partOf = dealByPrefix(round);
        const made = createDeal(doc, { ...input, columnId: column(start), ownerId, ...(partOf ? { partOf } : {}) }, origin, options);
        if (made.ok) deals.set(key, made.value.dealId);
        return made;
      },
    });
  const move = (key: string, at: string, to: string) =>
    steps.push({ at, run: (doc, origin, options) => moveDeal(doc, { dealId: deals.get(key) ?? '', toColumnId: column(to) }, origin, options) });

  for (const { stage, hoursBefore, comments, round, ...fields } of DEMO_DEALS) {
    const path = PATHS[Object.keys(PATHS).find((prefix) => fields.title.startsWith(prefix)) ?? ''];
    const created = Math.max(BOARD_START + HOUR_MS, DEMO_DATE.getTime() - hoursBefore * HOUR_MS);
    const key = fields.title;
    create(key, iso(created), { ...fields, ...(path?.amountFirst !== undefined ? { amount: path.amountFirst } : {}) }, path?.start ?? stage, round);
    for (const { at, to } of path?.moves ?? []) move(key, at, to);
    if (path?.repricedAt) {
      steps.push({
        at: path.repricedAt,
        run: (doc, origin, options) => updateDeal(doc, { dealId: deals.get(key) ?? '', patch: { amount: fields.amount ?? null } }, origin, options),
      });
    }
    const step = (DEMO_DATE.getTime() - created) / (comments.length + 1);
    comments.forEach((body, i) =>
      steps.push({
        at: iso(created + step * (i + 1)),
        run: (doc, origin, options) => addComment(doc, { dealId: deals.get(key) ?? '', body }, origin, options),
      }),
    );
  }
  for (const extra of EXTRA) {
    const key = extra.input.title;
    create(key, extra.at, extra.input, extra.start);
    const { end } = extra;
    if ('deleted' in end) steps.push({ at: end.at, run: (doc, origin, options) => deleteDeal(doc, { dealId: deals.get(key) ?? '' }, origin, options) });
    else move(key, end.at, end.to);
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
