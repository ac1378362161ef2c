/**
 * What a deal is called in a sentence (activity summaries, notifications, toasts): its title,
 * since two deals between the same parties ("ASML → Mistral AI" twice) must not read alike. A
 * deal without a title is named by its parties. One function for the server's words and the UI's.
 */
import { excerpt } from '../text/clip';

/** Longest title in a sentence; a party gets half of it. */
const TITLE_CHARS = 120;
const PARTY_CHARS = 60;

/** @example dealLabel({title: 'Amazon invests up to $50B', acquirer: 'Amazon', target: 'OpenAI'}) // 'Amazon invests up to $50B' */
export function dealLabel(deal: { title: string; acquirer: string; target: string }): string {
  const title = excerpt(deal.title, TITLE_CHARS);
  if (title) return title;
  const parties = [deal.acquirer, deal.target].map((party) => excerpt(party, PARTY_CHARS)).filter(Boolean);
  return parties.join(' → ') || 'an untitled deal';
}
