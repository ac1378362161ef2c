/**
 * The board document for React: a thin adapter from the shared selectors (shared/src/board,
 * one read path and one cache for the board, tables, insights and the server's exports) to
 * `useSyncExternalStore`.
 *
 * After each transaction that changed the board the store bumps `version` and notifies
 * subscribers once; the selectors hand back the same objects for what did not change (an
 * unchanged deal, lane or list keeps its identity), so a memoised card re-renders only when
 * its deal changed. Remote deal changes are also told, before React re-renders, to listeners
 * that need the old DOM (FLIP).
 */
import type * as Y from 'yjs';
import {
  DEAL_KEY,
  dealsMap,
  readBoardInfo,
  readDealById,
  selectColumns,
  selectDeals,
  selectLanes,
  selectRounds,
  selectTags,
  type BoardInfo,
  type Column,
  type Deal,
  type DealFilter,
  type InvalidRecord,
  type Lane,
  type Parsed,
  type RoundsView,
} from '../model';

/** One column on screen (the shared Lane: `column` null is the lane of deals whose column is gone). */
export type LaneView = Lane;

/** What a remote transaction did, told to listeners before React re-renders (FLIP needs the old DOM). */
export interface RemoteChange {
  moved: Set<string>;
  created: Set<string>;
  updated: Set<string>;
}

type Listener = () => void;

/** Deal fields whose change moves the card on screen. */
const PLACEMENT_FIELDS: ReadonlySet<string> = new Set([DEAL_KEY.columnId, DEAL_KEY.rank, DEAL_KEY.archived]);

export class BoardStore {
  /** Bumps once per transaction that changed the document. */
  version = 0;
  private listeners = new Set<Listener>();
  private remoteListeners = new Set<(c: RemoteChange) => void>();
  private pending: RemoteChange = emptyChange();
  private teardown: Array<() => void> = [];

  constructor(readonly doc: Y.Doc) {
    const deals = dealsMap(doc);
    const onDeals = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const e of events) {
        if (e.target === deals) {
          e.changes.keys.forEach((change, id) => {
            this.pending.updated.add(id);
            if (change.action === 'add') this.pending.created.add(id);
          });
          continue;
        }
        const id = e.path[0];
        if (typeof id !== 'string') continue;
        this.pending.updated.add(id);
        if (e.path.length === 1 && [...e.changes.keys.keys()].some((key) => PLACEMENT_FIELDS.has(key))) this.pending.moved.add(id);
      }
    };
    const onAfter = (txn: Y.Transaction) => this.afterTransaction(txn);
    deals.observeDeep(onDeals);
    doc.on('afterTransaction', onAfter);
    this.teardown.push(
      () => deals.unobserveDeep(onDeals),
      () => doc.off('afterTransaction', onAfter),
    );
  }

  private afterTransaction(txn: Y.Transaction): void {
    if (txn.changed.size === 0 && txn.deleteSet.clients.size === 0) return;
    const change = this.pending;
    this.pending = emptyChange();
    this.version++;
    if (!txn.local && change.updated.size > 0) {
      for (const l of this.remoteListeners) l(change);
    }
    for (const l of this.listeners) l();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called synchronously for remote deal changes, before subscribers re-render. */
  onRemoteChange(listener: (c: RemoteChange) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  destroy(): void {
    for (const t of this.teardown) t();
    this.listeners.clear();
    this.remoteListeners.clear();
  }

  info(): BoardInfo {
    return readBoardInfo(this.doc);
  }

  columns(): Column[] {
    return selectColumns(this.doc).columns;
  }

  /** One deal's snapshot; the same object until that deal changes. */
  deal(id: string): Parsed<Deal> | null {
    return readDealById(this.doc, id);
  }

  /** Every valid deal, archived included. */
  deals(): Deal[] {
    return timed('board:deals', () => selectDeals(this.doc).deals);
  }

  invalidDeals(): InvalidRecord[] {
    return selectDeals(this.doc).invalid;
  }

  tags(): string[] {
    return timed('board:tags', () => selectTags(this.doc));
  }

  /** Which live deal is part of which round (parts.ts). */
  rounds(): RoundsView {
    return selectRounds(this.doc);
  }

  /** Columns in order with their filtered deals in order, plus a trailing lane for deals whose column is gone. */
  lanes(filter: DealFilter): LaneView[] {
    return timed('board:lanes', () => selectLanes(this.doc, filter));
  }
}

/** A long read (the first one of a big board) is left as a performance measure for the bench (lib/loadMarks.ts). */
function timed<T>(name: string, read: () => T): T {
  const start = performance.now();
  const value = read();
  if (performance.now() - start >= 20) performance.measure(name, { start });
  return value;
}

function emptyChange(): RemoteChange {
  return { moved: new Set(), created: new Set(), updated: new Set() };
}
