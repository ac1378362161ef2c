/**
 * Turns committed activity into notifications: called with each batch of events after its
 * commit (see announceToNotifications), so what a person is told about is what is on disk and
 * was derived by the server, never a client's claim. Batches are handled one at a time, in
 * order; each recipient's settings decide whether it is stored, then every channel delivers.
 * Commenting on a deal or being mentioned on it makes the person watch it (unless turned off).
 */
import type { ActivityEvent } from '../../../shared/src/events';
import { settingsWithDefaults, type Notification, type NotificationSettings, type Watch } from '../../../shared/src/notifications';
import type { Role } from '../../../shared/src/roles';
import { newEventId } from '../activity/eventFactory';
import { log } from '../log';
import type { NewNotification, Store } from '../store/Store';
import type { NotificationChannel } from './NotificationChannel';
import { recipientsOf } from './recipients';

export interface DealFacts {
  ownerId: string | null;
  label: string;
}

export interface NotificationCenterDeps {
  store: Store;
  channels: NotificationChannel[];
  /** Tells the person's devices that a watch choice changed. */
  watchChanged: (userId: string, watch: Watch) => void;
}

/** The deal's owner and label as committed (null when gone). */
export type DealReader = (boardId: string, dealId: string) => Promise<DealFacts | null>;

export class NotificationCenter {
  private queue: Promise<void> = Promise.resolve();
  private dealReader: DealReader = () => Promise.resolve(null);

  constructor(private readonly deps: NotificationCenterDeps) {}

  /**
   * Where deals are read as committed: the board hub, which is built after the notifier since it
   * announces to it (see createServer). Until then no board is open, so nothing is read.
   */
  readDealsFrom(reader: DealReader): void {
    this.dealReader = reader;
  }

  /** Queues a committed batch; errors are logged, never thrown at the publisher. */
  handle(boardId: string, events: ActivityEvent[]): void {
    if (events.length === 0) return;
    this.queue = this.queue.then(() =>
      this.process(boardId, events).catch((err: unknown) => log.error('notifications', 'a batch failed', { boardId, error: String(err) })),
    );
  }

  /** Resolves once every batch handed in so far is done (close, tests). */
  drained(): Promise<void> {
    return this.queue;
  }

  /** A watch choice was set over REST: the person's other devices follow. */
  watchChanged(userId: string, watch: Watch): void {
    this.deps.watchChanged(userId, watch);
  }

  /** Tells every channel that notifications were read. */
  read(userId: string, payload: { ids: string[] } | { all: true }): void {
    for (const channel of this.deps.channels) channel.read(userId, payload);
  }

  private async process(boardId: string, events: ActivityEvent[]): Promise<void> {
    const { store } = this.deps;
    const [board, memberList] = await Promise.all([store.getBoard(boardId), store.listMembers(boardId)]);
    if (!board) return;
    const members = new Map<string, Role>(memberList.map((m) => [m.user.id, m.role]));
    const mentionedIn = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.type === 'comment.mentioned' && members.has(event.data.userId) && event.data.userId !== event.actor.id) {
        let set = mentionedIn.get(event.data.commentId);
        if (!set) mentionedIn.set(event.data.commentId, (set = new Set()));
        set.add(event.data.userId);
      }
    }
    const settings = new Map<string, Promise<NotificationSettings>>();
    const settingsOf = (userId: string) => {
      let found = settings.get(userId);
      if (!found) settings.set(userId, (found = store.getNotificationSettings(userId).then(settingsWithDefaults)));
      return found;
    };

    const stored: NewNotification[] = [];
    for (const event of events) {
      const dealId = event.dealId;
      const [deal, choices] = dealId ? await Promise.all([this.readDeal(boardId, dealId), store.listWatchChoices(boardId, dealId)]) : [null, []];
      for (const recipient of recipientsOf(event, { members, deal, choices, mentionedIn })) {
        if (!(await settingsOf(recipient.userId)).kinds[recipient.kind].notify) continue;
        stored.push({
          id: newEventId(new Date(event.at)),
          userId: recipient.userId,
          boardId,
          ...(dealId ? { dealId } : {}),
          kind: recipient.kind,
          actor: { id: event.actor.id, name: event.actor.name },
          at: event.at,
          summary: recipient.summary,
          ...(recipient.excerpt !== undefined ? { excerpt: recipient.excerpt } : {}),
        });
      }
      await this.autoWatch(boardId, event, members, settingsOf);
    }
    if (stored.length === 0) return;
    await store.addNotifications(stored);
    for (const { userId, ...rest } of stored) {
      const notification: Notification = { ...rest, boardName: board.name, read: false };
      for (const channel of this.deps.channels) channel.added(userId, notification);
    }
  }

  /**
   * The deal as committed; null when it cannot be read (the server is shutting down and its
   * rooms are closed): the batch still goes out, only without the owner's default watch.
   */
  private async readDeal(boardId: string, dealId: string): Promise<DealFacts | null> {
    try {
      return await this.dealReader(boardId, dealId);
    } catch (err) {
      log.warn('notifications', 'deal not readable; notifying without its owner', { boardId, dealId, error: String(err) });
      return null;
    }
  }

  /** The commenter and the people they mention follow the deal from now on. */
  private async autoWatch(
    boardId: string,
    event: ActivityEvent,
    members: Map<string, Role>,
    settingsOf: (userId: string) => Promise<NotificationSettings>,
  ): Promise<void> {
    const dealId = event.dealId;
    if (!dealId) return;
    const userId =
      event.type === 'comment.added' ? event.actor.id : event.type === 'comment.mentioned' || event.type === 'notes.mentioned' ? event.data.userId : null;
    if (!userId || !members.has(userId)) return;
    if (!(await settingsOf(userId)).autoWatch) return;
    if (await this.deps.store.watchUnlessChosen(userId, boardId, dealId)) this.deps.watchChanged(userId, { boardId, dealId, watching: true });
  }
}
