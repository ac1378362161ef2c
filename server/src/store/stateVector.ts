/**
 * The committed state vector of a board's log, kept incrementally by both stores, so a
 * process can say what is on disk without loading the document (board:join, several
 * processes comparing heads).
 */
import * as Y from 'yjs';

/**
 * `vector` advanced by `updates` in log order. Each logged update is what a room's
 * document emitted, so its structs start at that client's previous clock: a client's
 * clock moves only when an update starts at or before it (a gap leaves it, which errs
 * toward announcing less as saved, never more).
 *
 * @example advanceStateVector(Y.encodeStateVector(new Y.Doc()), [update]) // Uint8Array
 */
export function advanceStateVector(vector: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const clocks = vector ? Y.decodeStateVector(vector) : new Map<number, number>();
  for (const update of updates) {
    const meta = parseMeta(update);
    if (!meta) continue; // not a Yjs update: it advances no client
    const { from, to } = meta;
    for (const [client, start] of from) {
      const end = to.get(client) ?? start;
      if (start <= (clocks.get(client) ?? 0) && end > (clocks.get(client) ?? 0)) clocks.set(client, end);
    }
  }
  return Y.encodeStateVector(sortedClocks(clocks));
}

/** The state vector of a document rebuilt from a snapshot and log (for heads kept before there were heads). */
export function stateVectorOf(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
    return Y.encodeStateVector(sortedClocks(Y.decodeStateVector(Y.encodeStateVector(doc))));
  } finally {
    doc.destroy();
  }
}

/**
 * Snapshot N: the previous snapshot plus the updates up to N, merged in a fresh Y.Doc
 * (never a room's live document, which may hold updates another process has not logged).
 * Deterministic: the same inputs give the same bytes in every process.
 */
export function buildSnapshot(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function parseMeta(update: Uint8Array): { from: Map<number, number>; to: Map<number, number> } | null {
  try {
    return Y.parseUpdateMeta(update);
  } catch {
    return null;
  }
}

/** Clients in ascending order, so equal vectors encode to equal bytes. */
function sortedClocks(clocks: Map<number, number>): Map<number, number> {
  return new Map([...clocks].sort(([a], [b]) => a - b));
}
