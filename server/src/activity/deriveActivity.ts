/**
 * The server's account of what people did to a board document. Observes the
 * columns and deals maps; each transaction whose origin resolves to an actor
 * (on the server: the connection that sent the update) becomes activity
 * events attributed to that actor, never to fields a client wrote.
 *
 * Typing is coalesced: title and notes edits are held per deal and actor and
 * told as ONE deal.updated once that actor has been quiet on that deal for
 * `quietMs`, or on flush(). Any other field change by the same actor on the
 * same deal goes out at once and takes the held edits with it (one event).
 * A deleted deal's held edits go out just before its deal.deleted.
 */
import type * as Y from 'yjs';
import type { ActivityEvent, Actor } from '../../../shared/src/events';
import { columnsMap, dealsMap } from '../../../shared/src/board/schema';
import { log } from '../log';
import { BoardCache, liveDeal, type DealSnapshot } from './boardCache';
import { type TxChanges, collectColumnEvents, collectDealEvents, emptyChanges } from './collectChanges';
import { type FieldChanges, dealFieldList, deriveEvents } from './deriveEvents';
import { partOfSummary } from './describe';
import { actorName, makeEvent } from './eventFactory';
import { type HeldEdit, TypingBuffer, dropUnchanged, mergeFields } from './typingBuffer';

/** How long an actor must leave a deal alone before their typing is told. */
export const DEFAULT_QUIET_MS = 10_000;

export interface ActivityDeriverOptions {
  boardId: string;
  /** The actor behind a transaction origin; null means "not activity" (e.g. loading from disk). */
  resolveActor: (origin: unknown) => Actor | null;
  /** Whether a transaction brings a deleted deal back as it was (its comments are not new); default never. */
  isRevival?: (origin: unknown) => boolean;
  /** Receives the events of one transaction (or one flush), in order; never called with none. */
  onEvents: (events: ActivityEvent[]) => void;
  now?: () => Date;
  quietMs?: number;
  /** What the deriver's cache keeps of the deals, when already read for this document state (snapshotDeals). */
  deals?: Iterable<[string, DealSnapshot]>;
}

export interface ActivityDeriver {
  /** Tells all held typing edits now (room unloading, server stopping). */
  flush(): void;
  /** Flushes, then stops observing. Later changes to the document are not told. */
  dispose(): void;
}

type DeepEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>;

/**
 * Starts deriving activity from `doc`.
 * @example
 * const deriver = attachActivityDeriver(room.doc, {
 *   boardId, resolveActor: (origin) => connections.get(origin)?.actor ?? null,
 *   onEvents: (events) => void persistAndEmit(events),
 * });
 * // on unload: deriver.dispose();
 */
export function attachActivityDeriver(doc: Y.Doc, options: ActivityDeriverOptions): ActivityDeriver {
  const { boardId } = options;
  const now = options.now ?? (() => new Date());
  const cache = new BoardCache(doc, options.deals);
  const pending = new Map<Y.Transaction, TxChanges>();
  let disposed = false;

  const guard = (where: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      log.error('activity', `${where} failed`, { boardId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  };
  const deliver = (events: ActivityEvent[]) => {
    if (events.length > 0) guard('onEvents', () => options.onEvents(events));
  };
  const labelFor = (edit: HeldEdit) => (liveDeal(doc, edit.dealId) ? cache.dealLabel(edit.dealId) : edit.label);
  /** `since`: when the first of coalesced edits was made, told when earlier than `at`. */
  const updated = (dealId: string, actor: Actor, fields: FieldChanges, label: string, at: Date, since?: Date) => {
    const kept = dropUnchanged(fields);
    if (Object.keys(kept).length === 0) return [];
    const summary =
      partOfSummary(actorName(actor), label, kept, (id) => cache.dealLabel(id)) ?? `${actorName(actor)} changed ${dealFieldList(kept)} on ${label}`;
    const data = since && since < at ? { fields: kept, since: since.toISOString() } : { fields: kept };
    return [makeEvent({ boardId, actor, type: 'deal.updated', at, dealId, summary, data })];
  };
  const tell = (edits: HeldEdit[], at: Date) => edits.flatMap((edit) => updated(edit.dealId, edit.actor, edit.fields, labelFor(edit), at, edit.since));
  const buffer = new TypingBuffer(options.quietMs ?? DEFAULT_QUIET_MS, (edit) => {
    if (!disposed) guard('quiet period', () => deliver(tell([edit], now())));
  });

  const changesOf = (transaction: Y.Transaction) => {
    let changes = pending.get(transaction);
    if (!changes) {
      changes = emptyChanges();
      pending.set(transaction, changes);
    }
    return changes;
  };
  const onColumns = (events: DeepEvents, transaction: Y.Transaction) =>
    guard('reading column changes', () => collectColumnEvents(events, changesOf(transaction)));
  const onDeals = (events: DeepEvents, transaction: Y.Transaction) => guard('reading deal changes', () => collectDealEvents(events, changesOf(transaction)));

  const derive = (changes: TxChanges, actor: Actor, revival: boolean) => {
    const at = now();
    const events: ActivityEvent[] = [];
    for (const item of deriveEvents({ doc, cache, boardId, actor, at, revival }, changes)) {
      if (item.kind === 'event') events.push(item.event);
      else if (item.kind === 'dealGone') events.push(...tell(buffer.takeDeal(item.dealId), at));
      else if (Object.keys(item.immediate).length === 0) {
        buffer.hold(item.dealId, actor, item.typing, cache.dealLabel(item.dealId), at);
      } else {
        const held = buffer.take(item.dealId, actor.id);
        const fields = mergeFields(mergeFields(held?.fields ?? {}, item.typing), item.immediate);
        events.push(...updated(item.dealId, actor, fields, cache.dealLabel(item.dealId), at, held?.since));
      }
    }
    deliver(events);
  };

  const onAfterTransaction = (transaction: Y.Transaction) => {
    const changes = pending.get(transaction);
    if (!changes) return;
    pending.delete(transaction);
    guard('deriving', () => {
      const actor = options.resolveActor(transaction.origin);
      if (actor) derive(changes, actor, options.isRevival?.(transaction.origin) ?? false);
    });
    // Always, attributed or not: the cache must mirror the document.
    guard('refreshing cache', () => {
      for (const dealId of changes.deals.keys()) cache.refreshDeal(dealId);
      for (const columnId of changes.columns.keys()) cache.refreshColumn(columnId);
    });
  };

  columnsMap(doc).observeDeep(onColumns);
  dealsMap(doc).observeDeep(onDeals);
  doc.on('afterTransaction', onAfterTransaction);

  const flush = () => {
    if (buffer.size > 0) deliver(tell(buffer.takeAll(), now()));
  };
  return {
    flush,
    dispose() {
      if (disposed) return;
      flush();
      disposed = true;
      columnsMap(doc).unobserveDeep(onColumns);
      dealsMap(doc).unobserveDeep(onDeals);
      doc.off('afterTransaction', onAfterTransaction);
      pending.clear();
    },
  };
}
