/**
 * A fresh Y.Doc holding a stored board: its snapshot with the log updates after it
 * applied. Worker threads rebuild boards this way, from the store alone.
 */
import * as Y from 'yjs';

export interface StoredParts {
  /** The latest snapshot (null when the board has none yet). */
  snapshot: Uint8Array | null;
  /** Log updates after the snapshot, in seq order. */
  updates: Uint8Array[];
}

/** The caller destroys the doc when done. */
export function docFromLog(parts: StoredParts): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (parts.snapshot) Y.applyUpdate(doc, parts.snapshot);
    for (const update of parts.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
