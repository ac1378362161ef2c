/**
 * The merged snapshot of a board: its previous snapshot with the log updates after it
 * applied, encoded as one update. The same bytes the live document would encode (a fresh
 * Y.Doc garbage-collects deleted content the same way), built from the log only.
 */
import * as Y from 'yjs';
import { docFromLog, type StoredParts } from './docFromLog';

export function buildSnapshot(parts: StoredParts): Uint8Array {
  const doc = docFromLog(parts);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
