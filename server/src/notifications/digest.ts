/**
 * "While you were away": for each of the person's boards, how many changes others made since
 * they last looked, and the ones that matter most (won, lost, big repricing, mentions of them).
 */
import type { ActivityEvent } from '../../../shared/src/events';
import type { Digest } from '../../../shared/src/notifications';
import type { Store } from '../store/Store';

/** Events read per board; a longer absence is summarised from its most recent part. */
const EVENTS_PER_BOARD = 500;
const HIGHLIGHTS_PER_BOARD = 5;
/** An amount change of at least this fraction is a "big repricing". */
const BIG_REPRICING = 0.25;

export function isHighlight(event: ActivityEvent, userId: string): boolean {
  switch (event.type) {
    case 'deal.moved':
    case 'deal.created': // straight into a closing column
      return event.data.outcome !== undefined;
    case 'comment.mentioned':
    case 'notes.mentioned':
      return event.data.userId === userId;
    case 'deal.updated': {
      const amount = event.data.fields.amount;
      if (!amount || typeof amount.from !== 'number' || typeof amount.to !== 'number') return false;
      return amount.from === 0 ? amount.to !== 0 : Math.abs(amount.to - amount.from) / Math.abs(amount.from) >= BIG_REPRICING;
    }
    default:
      return false;
  }
}

/** The digest since `since`, or null when nothing happened on any board. */
export async function buildDigest(store: Store, userId: string, since: string): Promise<Digest | null> {
  const boards = await store.listBoardsForUser(userId);
  const out: Digest['boards'] = [];
  for (const board of boards) {
    const events = (await store.listActivity(board.id, { limit: EVENTS_PER_BOARD })).filter((e) => e.at > since && e.actor.id !== userId);
    if (events.length === 0) continue;
    const highlights = events
      .filter((e) => isHighlight(e, userId))
      .slice(0, HIGHLIGHTS_PER_BOARD)
      .map((e) => ({ type: e.type, ...(e.dealId ? { dealId: e.dealId } : {}), summary: e.summary, at: e.at }));
    out.push({ boardId: board.id, boardName: board.name, changes: events.length, highlights });
  }
  return out.length > 0 ? { since, boards: out } : null;
}
