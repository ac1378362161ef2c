/**
 * The demo board, from the seed article (29 January 2026): the AI mega-deals
 * around OpenAI, Anthropic and Manus. Built only through the mutations, in one
 * outer transaction, so it is exactly what a person could have typed.
 */
import type * as Y from 'yjs';
import { addComment } from './mutations/comments';
import { createDeal, setPartOf } from './mutations/deals';
import { initBoard } from './mutations/board';
import type { MutationOptions } from './mutations/common';
import { SYSTEM_ORIGIN, type MutationOrigin } from './origin';
import { ok, type MutationResult } from './result';
import type { NewDealInput } from './validate';

/** The article's date: deals are dated relative to it. */
export const DEMO_DATE = new Date('2026-01-29T12:00:00.000Z');
const HOUR_MS = 3_600_000;
const EU_AI_ACT = 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj';
/** The round the four OpenAI investments are tranches of. */
const OPENAI_ROUND = 'OpenAI funding round';

type Stage = 'In talks' | 'Closed';

export interface DemoDeal extends Omit<NewDealInput, 'columnId' | 'partOf'> {
  stage: Stage;
  /** The start of the title of the round this deal is part of (its money is counted there). */
  round?: string;
  /** Hours before the article date the card was added. */
  hoursBefore: number;
  comments: string[];
}

export const DEMO_DEALS: readonly DemoDeal[] = [
  {
    stage: 'In talks',
    hoursBefore: 2,
    title: 'Amazon → OpenAI: up to $50B investment',
    round: OPENAI_ROUND,
    kind: 'investment',
    acquirer: 'Amazon',
    target: 'OpenAI',
    amount: 50e9,
    amountQualifier: 'up_to',
    valuation: 830e9,
    tags: ['AI', 'cloud', 'mega-round'],
    links: ['https://openai.com/', 'https://www.aboutamazon.com/'],
    notes: "Reported 29 January 2026. Would make Amazon the largest single contributor to OpenAI's round of up to $100B, valuing it at about $830B.",
    comments: [
      'Talks reportedly led by Andy Jassy and Sam Altman.',
      'Lands days after Amazon announced ~16,000 layoffs, part of a plan to cut 30,000 corporate jobs by mid-2026.',
      "Key term to watch: an OpenAI commitment to AWS infrastructure or Amazon's custom chips would loosen its reliance on Azure.",
    ],
  },
  {
    stage: 'In talks',
    hoursBefore: 70,
    title: 'OpenAI funding round — up to $100B',
    kind: 'investment',
    acquirer: 'Amazon, SoftBank, NVIDIA, Microsoft',
    target: 'OpenAI',
    amount: 100e9,
    amountQualifier: 'up_to',
    valuation: 830e9,
    tags: ['AI', 'mega-round'],
    links: ['https://openai.com/', EU_AI_ACT],
    comments: [
      'Internal projections: losses of up to $14B in 2026 alone and cumulative cash burn of nearly $115B through 2029.',
      'New revenue lines include the Prism workspace for scientists; a $1 trillion IPO is the horizon.',
      'EU AI Act obligations take full effect in August 2026; several Western backers may add a layer of regulatory protection.',
    ],
  },
  {
    stage: 'In talks',
    hoursBefore: 20,
    title: 'SoftBank → OpenAI: a further $30B',
    round: OPENAI_ROUND,
    kind: 'investment',
    acquirer: 'SoftBank',
    target: 'OpenAI',
    amount: 30e9,
    amountQualifier: 'exact',
    tags: ['AI', 'mega-round'],
    links: ['https://group.softbank/en'],
    comments: [
      "Separate talks, building on SoftBank's existing stake.",
      'Backers as diverse as Amazon and SoftBank give OpenAI a degree of strategic autonomy.',
    ],
  },
  {
    stage: 'In talks',
    hoursBefore: 18,
    title: 'NVIDIA → OpenAI: smaller tranche',
    round: OPENAI_ROUND,
    kind: 'investment',
    acquirer: 'NVIDIA',
    target: 'OpenAI',
    amount: null,
    tags: ['AI', 'chips'],
    links: ['https://www.nvidia.com/'],
    comments: [
      'Reportedly in discussions for a smaller but significant tranche; no figure reported yet.',
      'Whoever controls the chips and the power co-authors the frontier now.',
    ],
  },
  {
    stage: 'In talks',
    hoursBefore: 18,
    title: 'Microsoft → OpenAI: smaller tranche',
    round: OPENAI_ROUND,
    kind: 'investment',
    acquirer: 'Microsoft',
    target: 'OpenAI',
    amount: null,
    tags: ['AI', 'cloud'],
    links: ['https://www.microsoft.com/'],
    comments: [
      "Still a key partner, but a large Amazon cheque would reduce OpenAI's exclusive reliance on Azure.",
      'For Amazon the OpenAI talks are partly defensive: preventing a total Microsoft–OpenAI monopoly.',
    ],
  },
  {
    stage: 'Closed',
    hoursBefore: 24 * 20,
    title: 'Amazon → Anthropic: ~$8B invested',
    kind: 'investment',
    acquirer: 'Amazon',
    target: 'Anthropic',
    amount: 8e9,
    amountQualifier: 'about',
    tags: ['AI', 'cloud'],
    links: ['https://www.anthropic.com/'],
    comments: [
      'Backing both OpenAI and its primary rival is a multi-model hedge that keeps AWS neutral ground.',
      'AWS vs Azure: the hedge lets AWS offer enterprise customers more than one frontier model.',
    ],
  },
  {
    stage: 'Closed',
    hoursBefore: 24 * 30,
    title: 'Meta acquires Manus',
    kind: 'acquisition',
    acquirer: 'Meta',
    target: 'Manus',
    amount: null,
    tags: ['AI', 'M&A'],
    comments: [
      'Read as a sign that AI competition is entering a consolidation phase.',
      'Same story as the mega-rounds: only the most capitalised firms can stay at the frontier.',
    ],
  },
];

/**
 * Fill an empty document with the demo board ("AI mega-deals — January 2026",
 * USD, pipeline columns, seven deals with comments; the Amazon, SoftBank, NVIDIA and
 * Microsoft investments are parts of the OpenAI round, so "In talks" counts $100B, not $180B). `now` is the article day
 * (default 29 January 2026); `ownerId` owns every deal.
 */
export function buildDemoBoard(
  doc: Y.Doc,
  options: { ownerId?: string | null; now?: Date } = {},
  origin: MutationOrigin = SYSTEM_ORIGIN,
  mutationOptions: Omit<MutationOptions, 'now'> = {},
): MutationResult<{ columnIds: string[]; dealIds: string[] }> {
  const base = (options.now ?? DEMO_DATE).getTime();
  const at = (hoursBefore: number): MutationOptions => ({ ...mutationOptions, now: new Date(base - hoursBefore * HOUR_MS) });
  return doc.transact((): MutationResult<{ columnIds: string[]; dealIds: string[] }> => {
    const board = initBoard(doc, { name: 'AI mega-deals — January 2026', currency: 'USD', template: 'pipeline' }, origin, at(24 * 40));
    if (!board.ok) return board;
    const [, inTalks, , , closed] = board.value.columnIds;
    const dealIds: string[] = [];
    const rounds: Array<{ dealId: string; round: string; hoursBefore: number }> = [];
    for (const { stage, hoursBefore, comments, round, ...fields } of DEMO_DEALS) {
      const columnId = stage === 'Closed' ? closed : inTalks;
      if (columnId === undefined) continue;
      const deal = createDeal(doc, { ...fields, columnId, ownerId: options.ownerId ?? null }, origin, at(hoursBefore));
      if (!deal.ok) return deal;
      dealIds.push(deal.value.dealId);
      if (round) rounds.push({ dealId: deal.value.dealId, round, hoursBefore });
      const step = hoursBefore / (comments.length + 1);
      for (const [i, body] of comments.entries()) {
        const comment = addComment(doc, { dealId: deal.value.dealId, body }, origin, at(hoursBefore - step * (i + 1)));
        if (!comment.ok) return comment;
      }
    }
    // Rounds are linked once every deal exists (a part may be listed before its round).
    for (const { dealId, round, hoursBefore } of rounds) {
      const roundId = dealIds[DEMO_DEALS.findIndex((d) => d.title.startsWith(round))];
      if (roundId === undefined) continue;
      const linked = setPartOf(doc, { dealId, partOf: roundId }, origin, at(hoursBefore));
      if (!linked.ok) return linked;
    }
    return ok({ columnIds: board.value.columnIds, dealIds });
  }, origin);
}
