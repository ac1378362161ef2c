/** How a card names its place in a round: "Part of OpenAI funding round", or "2 parts: Amazon, SoftBank". */
import type { RoundsView } from './parts';

/** The card's round line for `dealId`, or null when it is neither a part nor a round with parts. */
export function roundWords(rounds: RoundsView, dealId: string): string | null {
  const round = rounds.roundOf.get(dealId);
  if (round) return `Part of ${round.title}`;
  const parts = rounds.partsOf.get(dealId);
  if (!parts || parts.length === 0) return null;
  const names = parts.map((part) => part.acquirer.trim() || part.title);
  return `${parts.length} part${parts.length === 1 ? '' : 's'}: ${names.join(', ')}`;
}
