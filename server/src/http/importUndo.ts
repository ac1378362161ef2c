/**
 * Undo of one whole CSV import (issue 15.3): `POST /api/boards/:id/imports/:importId/undo`,
 * by the importer (while still an editor) or an owner of the board; anyone else gets 403.
 * The undo is applied through the board's room in one transaction attributed to the caller,
 * committed before the answer, and told as one `deals.import_undone` activity entry. What
 * someone edited since the import is kept and listed in `skipped` (shared/src/import/undo.ts).
 * An import undoes once: a second undo is 409 `already_undone`.
 */
import { Router } from 'express';
import { undoImport, type ImportUndo } from '../../../shared/src/import/undo';
import { mayUndoImport } from '../../../shared/src/import/whoMayUndo';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { LiveEvents } from '../realtime/liveEvents';
import { makeEvent } from '../activity/eventFactory';
import { HttpError } from './errors';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { importOrigin } from './import';

export interface ImportUndoRoutesDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
  identify: Identify;
}

export function createImportUndoRouter(deps: ImportUndoRoutesDeps): Router {
  const { store, hub, live } = deps;
  const router = Router();
  router.post('/boards/:id/imports/:importId/undo', requireUser(deps.identify), async (req, res) => {
    const { boardId, user, role } = await requireBoardRole(store, req, 'editor');
    const importId = String(req.params.importId ?? '');
    const record = await store.getImport(boardId, importId);
    if (!record) throw new HttpError(404, 'not_found', 'No such import');
    if (!mayUndoImport(record.userId, user.id, role)) throw new HttpError(403, 'forbidden', 'Only the person who imported, or an owner, can undo an import');
    if (!(await store.setImportUndone(boardId, importId, new Date().toISOString())))
      throw new HttpError(409, 'already_undone', 'This import was already undone');
    let outcome;
    try {
      const undo = JSON.parse(record.undo) as ImportUndo;
      outcome = await hub.write(boardId, (doc, origin) => undoImport(doc, undo, origin), importOrigin(user));
    } catch (error) {
      await store.setImportUndone(boardId, importId, null);
      throw error;
    }
    const kept = outcome.skipped.length;
    const event = makeEvent({
      boardId,
      actor: { id: user.id, name: user.name },
      type: 'deals.import_undone',
      at: new Date(),
      summary: `${user.name} undid an import: removed ${outcome.removed} deal${outcome.removed === 1 ? '' : 's'}, put back ${outcome.reverted}${kept > 0 ? `, kept ${kept} edited since` : ''}`,
      data: { importId, removed: outcome.removed, reverted: outcome.reverted, stagesRemoved: outcome.stagesRemoved, skipped: kept },
    });
    await store.addActivity([event]);
    live.activity(boardId, [event]);
    res.json({ importId, ...outcome });
  });
  return router;
}
