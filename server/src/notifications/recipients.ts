/**
 * Who hears of one activity event, and as what: a pure function of the event, the board's
 * members, the deal's owner and the watch choices. Never the actor; only current members.
 */
import type { ActivityEvent } from '../../../shared/src/events';
import { watchesDeal, type NotificationKind } from '../../../shared/src/notifications';
import type { Role } from '../../../shared/src/roles';
import { withArticle } from '../activity/describe';

export interface WatchChoice {
  userId: string;
  /** null: the board-wide "watch all deals". */
  dealId: string | null;
  watching: boolean;
}

export interface RecipientContext {
  /** Current members and their roles. */
  members: ReadonlyMap<string, Role>;
  /** The deal's owner (watches by default) and label, when the event is about a deal. */
  deal: { ownerId: string | null; label: string } | null;
  /** Choices for this deal and board-wide. */
  choices: readonly WatchChoice[];
  /** People mentioned in the comments of this batch (commentId → user ids): they hear of the comment once, as a mention. */
  mentionedIn: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Recipient {
  userId: string;
  kind: NotificationKind;
  summary: string;
  excerpt?: string;
}

/**
 * Whether `userId` watches the deal: their choice for the deal, else being its owner, else
 * their board-wide choice.
 */
export function watches(userId: string, ownerId: string | null, choices: readonly WatchChoice[]): boolean {
  const mine = choices.filter((c) => c.userId === userId);
  return watchesDeal({
    deal: mine.find((c) => c.dealId !== null)?.watching,
    board: mine.find((c) => c.dealId === null)?.watching,
    owner: ownerId === userId,
  });
}

/** Members watching the deal. */
export function watchersOf(ctx: RecipientContext): string[] {
  return [...ctx.members.keys()].filter((userId) => watches(userId, ctx.deal?.ownerId ?? null, ctx.choices));
}

export function recipientsOf(event: ActivityEvent, ctx: RecipientContext): Recipient[] {
  const actor = event.actor;
  const out: Recipient[] = [];
  const add = (userId: string, kind: NotificationKind, summary: string, excerpt?: string) => {
    if (userId === actor.id || !ctx.members.has(userId) || out.some((r) => r.userId === userId)) return;
    out.push({ userId, kind, summary, ...(excerpt !== undefined ? { excerpt } : {}) });
  };
  switch (event.type) {
    case 'comment.mentioned':
      add(event.data.userId, 'mention', `${actor.name} mentioned you on ${event.data.dealLabel}`, event.data.excerpt);
      break;
    case 'notes.mentioned':
      add(event.data.userId, 'mention', `${actor.name} mentioned you in the notes of ${event.data.dealLabel}`, event.data.excerpt);
      break;
    case 'comment.added': {
      const mentioned = ctx.mentionedIn.get(event.data.commentId);
      for (const userId of watchersOf(ctx)) if (!mentioned?.has(userId)) add(userId, 'comment', event.summary, event.data.excerpt);
      break;
    }
    case 'deal.moved':
      if (event.data.outcome) {
        for (const userId of ctx.members.keys()) add(userId, event.data.outcome, event.summary);
      } else {
        for (const userId of watchersOf(ctx)) add(userId, 'move', event.summary);
      }
      break;
    case 'deal.updated': {
      const to = event.data.fields.ownerId?.to;
      if (typeof to === 'string' && to !== '') add(to, 'assigned', `${actor.name} assigned ${ctx.deal?.label ?? 'a deal'} to you`);
      break;
    }
    case 'deal.created':
      // Created with an owner: assigned from the start.
      if (ctx.deal?.ownerId) add(ctx.deal.ownerId, 'assigned', `${actor.name} assigned ${ctx.deal.label} to you`);
      // Created straight into a closing column: won or lost, as a move there would be.
      if (event.data.outcome) for (const userId of ctx.members.keys()) add(userId, event.data.outcome, event.summary);
      break;
    case 'member.changed':
      if (event.data.role !== null) add(event.data.userId, 'role', `${actor.name} made you ${withArticle(event.data.role)} on this board`);
      break;
    default:
      break;
  }
  return out;
}
