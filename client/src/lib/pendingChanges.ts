/**
 * "N changes kept on this device": the local changes not yet covered by `board:saved`, kept in
 * the board's IndexedDB copy (y-indexeddb's `custom` store) next to the document itself. They used
 * to live in localStorage, but Chromium can lose a localStorage write made just before a tab
 * closes, while an IndexedDB write that committed survives, as the document's own updates do.
 */
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as idb from 'lib0/indexeddb';

/** One local change: the Yjs client id and its clock after the change. */
export type PendingChange = [clientId: number, clock: number];

/** Each tab keeps its own record (`pending:<clientId>`), so two tabs never overwrite each other's. */
const RECORD_PREFIX = 'pending:';

function recordKey(clientId: number): string {
  return `${RECORD_PREFIX}${clientId}`;
}

function isPendingChange(p: unknown): p is PendingChange {
  return Array.isArray(p) && p.length === 2 && p.every(Number.isInteger);
}

function parseRecord(value: unknown): PendingChange[] {
  try {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : null;
    return Array.isArray(parsed) ? parsed.filter(isPendingChange) : [];
  } catch {
    return []; // an unreadable record: nothing to count
  }
}

/**
 * The records earlier visits (or other tabs) left, except this tab's own. The caller stores their
 * changes in its own record first and only then calls `release` to delete them, so a tab closed
 * in between loses nothing.
 */
export async function readPendingChanges(
  copy: IndexeddbPersistence,
  ownClientId: number,
): Promise<{ changes: PendingChange[]; release: () => Promise<unknown> }> {
  const db = await copy._db;
  const [store] = idb.transact(db, ['custom'], 'readonly');
  const records = await idb.getAllKeysValues(store!, idb.createIDBKeyRangeBound(RECORD_PREFIX, `${RECORD_PREFIX}\uffff`, false, false));
  const others = records.filter(({ k }) => k !== recordKey(ownClientId));
  return {
    changes: others.flatMap(({ v }) => parseRecord(v)),
    release: () => Promise.all(others.map(({ k }) => copy.del(k as string))),
  };
}

/** Writes this tab's record (deletes it when nothing is pending). */
export function storePendingChanges(copy: IndexeddbPersistence, clientId: number, pending: readonly PendingChange[]): Promise<unknown> {
  return pending.length === 0 ? copy.del(recordKey(clientId)) : copy.set(recordKey(clientId), JSON.stringify(pending));
}
