/**
 * Performance entries for a board's first load, so `npm run bench -- paint` can say where the
 * time to first paint goes: each long transaction the document receives (the server's state,
 * the device's copy) as a `board:apply:<source>` measure, and the `update` listeners after it
 * (the device's copy storing what arrived) as `board:after-apply:<source>`. A few entries per
 * board opened; nothing reads them but the bench and the browser's own performance tools.
 */
import type * as Y from 'yjs';

/** Transactions shorter than this are ordinary edits, not a load. */
const LONG_TRANSACTION_MS = 20;

export function markLoadTimings(doc: Y.Doc, sourceOf: (origin: unknown) => string): () => void {
  let started: { at: number; source: string } | null = null;
  let applied: { at: number; source: string } | null = null;
  const onBefore = (txn: Y.Transaction) => {
    if (!txn.local) started = { at: performance.now(), source: sourceOf(txn.origin) };
  };
  const onAfter = () => {
    if (!started) return;
    const end = performance.now();
    if (end - started.at >= LONG_TRANSACTION_MS) {
      performance.measure(`board:apply:${started.source}`, { start: started.at, end });
      applied = { at: end, source: started.source };
    }
    started = null;
  };
  const onAll = () => {
    if (!applied) return;
    performance.measure(`board:after-apply:${applied.source}`, { start: applied.at, end: performance.now() });
    applied = null;
  };
  doc.on('beforeTransaction', onBefore);
  doc.on('afterTransaction', onAfter);
  doc.on('afterAllTransactions', onAll);
  return () => {
    doc.off('beforeTransaction', onBefore);
    doc.off('afterTransaction', onAfter);
    doc.off('afterAllTransactions', onAll);
  };
}
