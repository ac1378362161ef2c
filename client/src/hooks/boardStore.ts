/**
 * The board document seen as cached, immutable snapshots for React.
 *
 * One observeDeep per top-level type marks what a transaction touched (from the events' paths);
 * after the transaction the store bumps its version and notifies subscribers once. A deal's
 * snapshot is cached per deal Y.Map and only re-read when an event under that deal arrived, so
 * an unchanged deal keeps its identity and its memoised card does not re-render.
 */
import * as Y from 'yjs';
import {
  boardMap,
  columnsMap,
  dealsMap,
  readBoardInfo,
  readDealById,
  compareByRank,
  selectColumns,
  selectLanes,
  type BoardInfo,
  type Column,
  type Deal,
  type DealKind,
  type InvalidRecord,
  type Parsed,
} from '../model';

/** What the toolbar filters by; empty values mean "any". */
export interface DealFilter {
  text: string;
  ownerId: string | null;
  tag: string | null;
  kind: DealKind | null;
  includeArchived: boolean;
}

export const EMPTY_FILTER: DealFilter = { text: '', ownerId: null, tag: null, kind: null, includeArchived: false };

/** One column on screen: `column` null is the lane of deals whose column no longer exists. */
export interface LaneView {
  key: string;
  column: Column | null;
  deals: Deal[];
  /** Deals in this lane that failed validation: shown as such, left out of totals. */
  invalid: InvalidRecord[];
}

/** What a remote transaction did, told to listeners before React re-renders (FLIP needs the old DOM). */
export interface RemoteChange {
  moved: Set<string>;
  created: Set<string>;
  updated: Set<string>;
}

type Listener = () => void;

export function filterKey(f: DealFilter): string {
  return JSON.stringify([f.text.trim().toLowerCase(), f.ownerId, f.tag, f.kind, f.includeArchived]);
}

export function matchesFilter(deal: Deal, f: DealFilter, needle: string): boolean {
  if (deal.archived && !f.includeArchived) return false;
  if (f.ownerId && deal.ownerId !== f.ownerId) return false;
  if (f.kind && deal.kind !== f.kind) return false;
  if (f.tag && !deal.tags.includes(f.tag)) return false;
  if (needle) {
    const hay = `${deal.title}\n${deal.acquirer}\n${deal.target}\n${deal.tags.join(' ')}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

export class BoardStore {
  /** Bumps once per transaction that changed the board. */
  version = 0;
  private listeners = new Set<Listener>();
  private remoteListeners = new Set<(c: RemoteChange) => void>();

  private dealCache = new WeakMap<Y.Map<unknown>, Parsed<Deal>>();
  private dealsVersion = 0;
  private columnsVersion = 0;
  private infoVersion = 0;

  private pendingDeals = new Set<string>();
  private pendingMoved = new Set<string>();
  private pendingCreated = new Set<string>();
  private dirty = false;

  private infoCache: { v: number; value: BoardInfo } | null = null;
  private columnsCache: { v: number; value: Column[] } | null = null;
  private allCache: { v: number; valid: Deal[]; invalid: InvalidRecord[]; tags: string[] } | null = null;
  private lanesCache = new Map<string, { dv: number; cv: number; value: LaneView[] }>();
  private lastLanes: LaneView[] = [];
  private teardown: Array<() => void> = [];

  constructor(readonly doc: Y.Doc) {
    const deals = dealsMap(doc);
    const onDeals = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      this.dirty = true;
      this.dealsVersion++;
      for (const e of events) {
        if (e.target === deals) {
          e.changes.keys.forEach((change, id) => {
            this.pendingDeals.add(id);
            if (change.action === 'add') this.pendingCreated.add(id);
          });
          continue;
        }
        const id = e.path[0];
        if (typeof id !== 'string') continue;
        this.pendingDeals.add(id);
        const keys = e.path.length === 1 ? e.changes.keys : null;
        if (keys && (keys.has('columnId') || keys.has('rank') || keys.has('archived'))) {
          this.pendingMoved.add(id);
        }
      }
    };
    const onColumns = () => {
      this.dirty = true;
      this.columnsVersion++;
    };
    const onBoard = () => {
      this.dirty = true;
      this.infoVersion++;
    };
    const onAfter = (txn: Y.Transaction) => this.afterTransaction(txn);
    deals.observeDeep(onDeals);
    columnsMap(doc).observeDeep(onColumns);
    boardMap(doc).observeDeep(onBoard);
    doc.on('afterTransaction', onAfter);
    this.teardown.push(
      () => deals.unobserveDeep(onDeals),
      () => columnsMap(doc).unobserveDeep(onColumns),
      () => boardMap(doc).unobserveDeep(onBoard),
      () => doc.off('afterTransaction', onAfter),
    );
  }

  private afterTransaction(txn: Y.Transaction): void {
    if (!this.dirty) return;
    this.dirty = false;
    const deals = dealsMap(this.doc);
    for (const id of this.pendingDeals) {
      const map = deals.get(id);
      if (map instanceof Y.Map) this.dealCache.delete(map);
    }
    const change: RemoteChange = { moved: this.pendingMoved, created: this.pendingCreated, updated: this.pendingDeals };
    this.pendingDeals = new Set();
    this.pendingMoved = new Set();
    this.pendingCreated = new Set();
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
    if (this.infoCache?.v !== this.infoVersion) this.infoCache = { v: this.infoVersion, value: readBoardInfo(this.doc) };
    return this.infoCache.value;
  }

  columns(): Column[] {
    if (this.columnsCache?.v !== this.columnsVersion) this.columnsCache = { v: this.columnsVersion, value: selectColumns(this.doc).columns };
    return this.columnsCache.value;
  }

  /** One deal's snapshot; the same object until that deal changes. */
  deal(id: string): Parsed<Deal> | null {
    const map = dealsMap(this.doc).get(id);
    if (!(map instanceof Y.Map)) return null;
    return this.dealOf(id, map);
  }

  private dealOf(id: string, map: Y.Map<unknown>): Parsed<Deal> {
    let d = this.dealCache.get(map);
    if (!d) {
      d = readDealById(this.doc, id) ?? { id, invalid: true, reason: 'missing' };
      this.dealCache.set(map, d);
    }
    return d;
  }

  private all(): { valid: Deal[]; invalid: InvalidRecord[]; tags: string[] } {
    if (this.allCache?.v === this.dealsVersion) return this.allCache;
    const valid: Deal[] = [];
    const invalid: InvalidRecord[] = [];
    const tags = new Set<string>();
    dealsMap(this.doc).forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const d = this.dealOf(id, map);
      if (d.invalid) invalid.push(d);
      else {
        valid.push(d);
        for (const t of d.tags) tags.add(t);
      }
    });
    this.allCache = { v: this.dealsVersion, valid, invalid, tags: [...tags].sort((a, b) => a.localeCompare(b)) };
    return this.allCache;
  }

  /** Invalid deals by the column they claim (null: none that exists); rare, so read from the shared selector. */
  private invalidByLane(): Map<string | null, InvalidRecord[]> {
    const out = new Map<string | null, InvalidRecord[]>();
    if (this.all().invalid.length === 0) return out;
    for (const lane of selectLanes(this.doc, { includeArchived: true })) {
      if (lane.invalid.length > 0) out.set(lane.column?.id ?? null, lane.invalid);
    }
    return out;
  }

  /** Every valid deal, archived included. */
  deals(): Deal[] {
    return this.all().valid;
  }

  invalidDeals(): InvalidRecord[] {
    return this.all().invalid;
  }

  tags(): string[] {
    return this.all().tags;
  }

  dealCount(): number {
    return this.all().valid.filter((d) => !d.archived).length;
  }

  /**
   * Columns in order with their (filtered) deals in order, plus a trailing lane for deals whose
   * column is gone. A lane keeps its identity while its column and deal list are unchanged.
   */
  lanes(filter: DealFilter): LaneView[] {
    const key = filterKey(filter);
    const cached = this.lanesCache.get(key);
    if (cached && cached.dv === this.dealsVersion && cached.cv === this.columnsVersion) return cached.value;
    const columns = this.columns();
    const needle = filter.text.trim().toLowerCase();
    const groups = new Map<string, Deal[]>();
    for (const c of columns) groups.set(c.id, []);
    const orphans: Deal[] = [];
    for (const d of this.all().valid) {
      if (!matchesFilter(d, filter, needle)) continue;
      const g = groups.get(d.columnId);
      if (g) g.push(d);
      else orphans.push(d);
    }
    const previous = new Map((cached?.value ?? this.lastLanes).map((l) => [l.key, l]));
    const invalidByLane = this.invalidByLane();
    const lanes: LaneView[] = columns.map((column) => {
      const deals = (groups.get(column.id) ?? []).sort(compareByRank);
      return reuse(previous.get(column.id), { key: column.id, column, deals, invalid: invalidByLane.get(column.id) ?? NONE });
    });
    const orphanInvalid = invalidByLane.get(null) ?? NONE;
    if (orphans.length > 0 || orphanInvalid.length > 0) {
      lanes.push(reuse(previous.get('orphans'), { key: 'orphans', column: null, deals: orphans.sort(compareByRank), invalid: orphanInvalid }));
    }
    if (this.lanesCache.size > 8) this.lanesCache.clear();
    this.lanesCache.set(key, { dv: this.dealsVersion, cv: this.columnsVersion, value: lanes });
    this.lastLanes = lanes;
    return lanes;
  }
}

const NONE: InvalidRecord[] = [];

function reuse(prev: LaneView | undefined, next: LaneView): LaneView {
  if (!prev || prev.column !== next.column || prev.invalid !== next.invalid || prev.deals.length !== next.deals.length) return next;
  for (let i = 0; i < next.deals.length; i++) if (prev.deals[i] !== next.deals[i]) return next;
  return prev;
}
