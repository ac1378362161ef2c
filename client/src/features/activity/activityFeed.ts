/**
 * A board's (or one deal's) activity as the UI holds it: the newest page from REST, older pages
 * on demand (`before` = the oldest id held), and live `activity:added` events merged in, deduped
 * by id, newest first.
 *
 * No gaps: each `board:join` (the first one and every rejoin after the socket was away) runs a
 * fill that pages back from the newest event until it reaches the newest event already known to
 * be contiguous, then merges. Event ids sort by time (server `newEventId`), so "newer" is a plain
 * string comparison. Fills run one at a time; live events keep merging meanwhile.
 */
import type { ActivityEvent } from '../../../../shared/src/events';
import type { BoardConnection } from '../../connection';
import { errorMessage } from '../../api';
import { fetchActivityPage, type ActivityPageQuery } from './activityApi';

export interface FeedSnapshot {
  /** Newest first. */
  events: ActivityEvent[];
  /** `loading` until the first page arrived; `error` only when there is nothing to show. */
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Older events exist on the server. */
  hasMore: boolean;
  loadingOlder: boolean;
  /** Ids that arrived live over Socket.IO (not from a page), for the UI to mark as new. */
  live: ReadonlySet<string>;
}

export type FeedSource = Pick<BoardConnection, 'boardId' | 'onActivity' | 'joins'>;

export interface FeedOptions {
  /** Only this deal's events (REST `dealId=` and live events filtered alike). */
  dealId?: string;
  pageSize?: number;
  /** A fill that would need more pages than this starts the list over from the newest pages. */
  maxGapPages?: number;
  fetchPage?: (boardId: string, query: ActivityPageQuery, signal?: AbortSignal) => Promise<ActivityEvent[]>;
}

const RETRY_MS = 5_000;

export class ActivityFeed {
  private byId = new Map<string, ActivityEvent>();
  private liveIds = new Set<string>();
  private snapshot: FeedSnapshot = { events: [], status: 'loading', error: null, hasMore: false, loadingOlder: false, live: new Set() };
  private listeners = new Set<() => void>();
  private teardown: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();
  /** Bumped by stop(): answers to requests of an earlier run are dropped. */
  private generation = 0;
  private abort: AbortController | null = null;
  /** Newest id up to which the held list is known to be complete; undefined before the first page. */
  private mark: string | undefined;
  /** Fills queued or running; while any is, live events do not move the mark. */
  private pendingFills = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pageSize: number;
  private readonly maxGapPages: number;
  private readonly fetchPage: NonNullable<FeedOptions['fetchPage']>;

  constructor(
    private readonly source: FeedSource,
    private readonly options: FeedOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 50;
    this.maxGapPages = options.maxGapPages ?? 10;
    this.fetchPage = options.fetchPage ?? fetchActivityPage;
  }

  get dealId(): string | undefined {
    return this.options.dealId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  /** Listens for live events and rejoins, and loads (or refills) the newest page. Safe to call again after stop(). */
  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    const generation = this.generation;
    this.teardown.push(this.source.onActivity((event) => this.onLive(event)));
    this.teardown.push(this.source.joins.subscribe(() => this.enqueueFill(generation)));
    this.enqueueFill(generation);
  }

  stop(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    for (const t of this.teardown.splice(0)) t();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.pendingFills = 0;
    this.queue = Promise.resolve();
    if (this.snapshot.loadingOlder) this.publish({ loadingOlder: false });
  }

  /** Loads the next older page, if there is one and none is loading. */
  loadOlder(): void {
    const { hasMore, loadingOlder, status } = this.snapshot;
    if (!hasMore || loadingOlder || status !== 'ready' || !this.abort) return;
    const generation = this.generation;
    const oldest = this.snapshot.events[this.snapshot.events.length - 1]?.id;
    this.publish({ loadingOlder: true });
    this.request({ before: oldest }).then(
      (page) => {
        if (generation !== this.generation) return;
        this.merge(page);
        this.publish({ loadingOlder: false, hasMore: page.length >= this.pageSize });
      },
      (err: unknown) => {
        if (generation !== this.generation) return;
        this.publish({ loadingOlder: false, error: errorMessage(err) });
      },
    );
  }

  /** After an error: try the newest page again. */
  retry(): void {
    if (!this.abort) return;
    if (this.snapshot.status === 'error') this.publish({ status: 'loading', error: null });
    this.enqueueFill(this.generation);
  }

  private request(query: Omit<ActivityPageQuery, 'limit'>): Promise<ActivityEvent[]> {
    const q: ActivityPageQuery = { limit: this.pageSize, ...query };
    if (this.options.dealId) q.dealId = this.options.dealId;
    return this.fetchPage(this.source.boardId, q, this.abort?.signal);
  }

  private onLive(event: ActivityEvent): void {
    if (this.options.dealId && event.dealId !== this.options.dealId) return;
    if (!this.byId.has(event.id)) {
      this.byId.set(event.id, event);
      this.liveIds.add(event.id);
    }
    // Connected and not behind: the list stays complete up to this event.
    if (this.pendingFills === 0 && this.mark !== undefined && event.id > this.mark) this.mark = event.id;
    this.publish({});
  }

  private enqueueFill(generation: number): void {
    this.pendingFills++;
    this.queue = this.queue
      .then(() => (generation === this.generation ? this.fill(generation) : undefined))
      .catch((err: unknown) => {
        if (generation !== this.generation || (err instanceof DOMException && err.name === 'AbortError')) return;
        if (this.snapshot.status !== 'ready') this.publish({ status: 'error', error: errorMessage(err) });
        // Behind and not told: try again shortly.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          if (generation === this.generation) this.enqueueFill(generation);
        }, RETRY_MS);
      })
      .finally(() => {
        if (generation === this.generation) this.pendingFills = Math.max(0, this.pendingFills - 1);
      });
  }

  private async fill(generation: number): Promise<void> {
    const since = this.mark;
    if (since === undefined) {
      const page = await this.request({});
      if (generation !== this.generation) return;
      this.merge(page);
      this.mark = this.newestId() ?? '';
      this.publish({ status: 'ready', error: null, hasMore: page.length >= this.pageSize });
      return;
    }
    const fetched: ActivityEvent[] = [];
    let before: string | undefined;
    for (let i = 0; i < this.maxGapPages; i++) {
      const page = await this.request(before ? { before } : {});
      if (generation !== this.generation) return;
      fetched.push(...page);
      const last = page[page.length - 1];
      if (!last || page.length < this.pageSize || last.id <= since) {
        this.merge(fetched);
        this.mark = this.newestId() ?? '';
        this.publish({ status: 'ready', error: null });
        return;
      }
      before = last.id;
    }
    // Too far behind to stitch: start over from the newest pages (older ones load on scroll).
    const oldestFetched = fetched[fetched.length - 1]?.id ?? '';
    for (const id of [...this.byId.keys()]) if (id < oldestFetched) this.byId.delete(id);
    this.merge(fetched);
    this.mark = this.newestId() ?? '';
    this.publish({ status: 'ready', error: null, hasMore: true });
  }

  private merge(events: ActivityEvent[]): void {
    for (const e of events) if (!this.byId.has(e.id)) this.byId.set(e.id, e);
  }

  private newestId(): string | undefined {
    let newest: string | undefined;
    for (const id of this.byId.keys()) if (newest === undefined || id > newest) newest = id;
    return newest;
  }

  private publish(patch: Partial<Omit<FeedSnapshot, 'events' | 'live'>>): void {
    const events = [...this.byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    this.snapshot = { ...this.snapshot, ...patch, events, live: new Set(this.liveIds) };
    for (const l of this.listeners) l();
  }
}
