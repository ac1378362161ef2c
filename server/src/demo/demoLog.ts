/**
 * Logs the demo board's January (shared demoHistory) into the store, one update per step
 * at the step's own time, with the activity the same edits would have told, so the
 * history scrubber and the activity feed have a month to show on a fresh install.
 * Written straight to the log before any room has loaded the new board.
 */
import * as Y from 'yjs';
import { demoHistory } from '../../../shared/src/board';
import { userOrigin } from '../../../shared/src/board/origin';
import type { ActivityEvent } from '../../../shared/src/events';
import { attachActivityDeriver } from '../activity/deriveActivity';
import type { Store } from '../store/Store';

export async function logDemoHistory(store: Store, boardId: string, owner: { id: string; name: string }): Promise<void> {
  const doc = new Y.Doc();
  const origin = userOrigin(owner.id);
  let now = new Date();
  let told: ActivityEvent[] = [];
  const deriver = attachActivityDeriver(doc, {
    boardId,
    resolveActor: (o) => (o === origin ? { id: owner.id, name: owner.name } : null),
    onEvents: (events) => told.push(...events),
    now: () => now,
  });
  try {
    for (const step of demoHistory(owner.id)) {
      now = new Date(step.at);
      const before = Y.encodeStateVector(doc);
      const result = step.run(doc, origin, { now });
      if (!result.ok) throw new Error(`demo step at ${step.at}: ${result.error.message}`);
      deriver.flush();
      await store.appendUpdates(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: owner.id, at: step.at }], told);
      told = [];
    }
  } finally {
    deriver.dispose();
    doc.destroy();
  }
}
