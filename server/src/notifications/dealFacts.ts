/** What the notifier needs of a deal, read from the committed document: its owner (who watches by default) and its label. */
import type * as Y from 'yjs';
import { DEAL_KEY, getDealMap } from '../../../shared/src/board';
import { dealLabel } from '../activity/describe';
import { readString } from '../activity/boardCache';
import type { DealFacts } from './NotificationCenter';

export function dealFacts(doc: Y.Doc, dealId: string): DealFacts | null {
  const deal = getDealMap(doc, dealId);
  if (!deal) return null;
  const ownerId = readString(deal, DEAL_KEY.ownerId);
  return {
    ownerId: ownerId || null,
    label: dealLabel({ title: readString(deal, DEAL_KEY.title), acquirer: readString(deal, DEAL_KEY.acquirer), target: readString(deal, DEAL_KEY.target) }),
  };
}
