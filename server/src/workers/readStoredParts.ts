/**
 * Reads a board's stored parts (its newest snapshot at or before `uptoSeq` and the log after
 * it, up to `uptoSeq`) through a read-only connection of its own. Runs in the snapshot worker:
 * copying a 15 MiB snapshot and hundreds of updates out of SQLite took the event loop for
 * hundreds of milliseconds when the server's own connection did it. WAL lets this reader
 * run beside the server's writer and see one consistent moment.
 */
import Database from 'better-sqlite3';
import type { LoadedDocument } from '../store/Store';
import type { StoredParts } from './docFromLog';

export interface StoredPartsQuery {
  /** The database file. */
  file: string;
  boardId: string;
  uptoSeq: number;
}

export function readStoredParts(query: StoredPartsQuery): StoredParts {
  const db = new Database(query.file, { readonly: true, fileMustExist: true });
  try {
    return db.transaction((): StoredParts => {
      const snap = db
        .prepare('SELECT upto_seq, state FROM doc_snapshots WHERE board_id = ? AND upto_seq <= ? ORDER BY upto_seq DESC LIMIT 1')
        .get(query.boardId, query.uptoSeq) as { upto_seq: number; state: Buffer } | undefined;
      const rows = db
        .prepare('SELECT "update" FROM doc_updates WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq')
        .all(query.boardId, snap?.upto_seq ?? 0, query.uptoSeq) as { update: Buffer }[];
      return { snapshot: snap ? snap.state : null, updates: rows.map((row) => row.update) };
    })();
  } finally {
    db.close();
  }
}

/** What SqliteStore.loadDocument answers (the newest snapshot and the whole log after it), read here. */
export function readLoadedDocument(query: Omit<StoredPartsQuery, 'uptoSeq'>): LoadedDocument {
  const db = new Database(query.file, { readonly: true, fileMustExist: true });
  try {
    return db.transaction((): LoadedDocument => {
      const snap = db.prepare('SELECT upto_seq, state FROM doc_snapshots WHERE board_id = ? ORDER BY upto_seq DESC LIMIT 1').get(query.boardId) as
        { upto_seq: number; state: Buffer } | undefined;
      const snapshotSeq = snap?.upto_seq ?? 0;
      const rows = db
        .prepare('SELECT seq, "update", user_id, at FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq')
        .all(query.boardId, snapshotSeq) as { seq: number; update: Buffer; user_id: string | null; at: string }[];
      // Copies with buffers of their own, so they can be transferred to the server's thread.
      return {
        snapshot: snap ? new Uint8Array(snap.state) : null,
        snapshotSeq,
        updates: rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.update), userId: row.user_id, at: row.at })),
      };
    })();
  } finally {
    db.close();
  }
}
