/**
 * The merged snapshot of a board: its previous snapshot with the log updates after it
 * applied, encoded as one update. The same bytes the live document would encode (a fresh
 * Y.Doc garbage-collects deleted content the same way), built from the log only.
 */
import * as Y from 'yjs';
import { encodeHistorySnapshot } from '../history/historySnapshot';
import { docFromLog, type StoredParts } from './docFromLog';

export function buildSnapshot(parts: StoredParts): Uint8Array {
  const doc = docFromLog(parts);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export interface SnapshotPair {
  state: Uint8Array;
  /** The same state without overwritten values, for history (history/historySnapshot.ts). */
  history: Uint8Array;
}

/** The merged snapshot and its history form, from one decoded document. */
export function buildSnapshotPair(parts: StoredParts): SnapshotPair {
  const doc = docFromLog(parts);
  try {
    return { state: Y.encodeStateAsUpdate(doc), history: encodeHistorySnapshot(doc) };
  } finally {
    doc.destroy();
  }
}
