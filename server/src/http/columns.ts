/**
 * REST stage columns for scripts (docs/API.md, "Columns over REST"): list, read, add,
 * change (name, kind, probability, staleDays, colour, position) and delete, through the
 * shared mutations in the board's room as the caller, like deals.ts.
 */
import { Router, type Request } from 'express';
import type * as Y from 'yjs';
import { addColumn, deleteColumn, isValid, moveColumn, readColumnById, renameColumn, selectColumns, setColumnProps } from '../../../shared/src/board';
import type { Column } from '../../../shared/src/board/schema';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { HttpError } from './errors';
import { parseBody, parseQuery } from './validate';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';
import { unwrap } from './mutationResult';
import { createColumnBody, deleteColumnQuery, patchColumnBody } from './apiSchemas';

export interface ColumnRoutesDeps {
  store: Store;
  hub: BoardHub;
  identify: Identify;
}

function requireColumn(doc: Y.Doc, columnId: string): Column {
  const column = readColumnById(doc, columnId);
  if (!column) throw new HttpError(404, 'not_found', 'No such column');
  if (!isValid(column)) throw new HttpError(409, 'invalid_record', `The column is invalid: ${column.reason}`);
  return column;
}

const columnIdOf = (req: Request): string => String(req.params.columnId ?? '');
const positionFields = { after: 'afterId', before: 'beforeId' };

export function createColumnsRouter(deps: ColumnRoutesDeps): Router {
  const { store, hub } = deps;
  const router = Router();
  router.use('/boards/:id/columns', requireUser(deps.identify));

  router.get('/boards/:id/columns', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    res.json({ columns: await hub.read(boardId, (doc) => selectColumns(doc).columns) });
  });

  router.post('/boards/:id/columns', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { afterId, beforeId, ...fields } = parseBody(createColumnBody, req.body);
    const column = await hub.applyAs(boardId, user, (doc, origin) => {
      const added = unwrap(addColumn(doc, { ...fields, after: afterId, before: beforeId }, origin), positionFields);
      return requireColumn(doc, added!.columnId);
    });
    res.status(201).json({ column });
  });

  router.get('/boards/:id/columns/:columnId', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    res.json({ column: await hub.read(boardId, (doc) => requireColumn(doc, columnIdOf(req))) });
  });

  router.patch('/boards/:id/columns/:columnId', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { name, afterId, beforeId, ...props } = parseBody(patchColumnBody, req.body);
    const columnId = columnIdOf(req);
    const column = await hub.applyAs(boardId, user, (doc, origin) => {
      requireColumn(doc, columnId);
      if (name !== undefined) unwrap(renameColumn(doc, { columnId, name }, origin));
      if (Object.values(props).some((v) => v !== undefined)) unwrap(setColumnProps(doc, { columnId, ...props }, origin));
      if (afterId !== undefined || beforeId !== undefined) unwrap(moveColumn(doc, { columnId, after: afterId, before: beforeId }, origin), positionFields);
      return requireColumn(doc, columnId);
    });
    res.json({ column });
  });

  router.delete('/boards/:id/columns/:columnId', async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    const { moveDealsTo } = parseQuery(deleteColumnQuery, req.query);
    const columnId = columnIdOf(req);
    await hub.applyAs(boardId, user, (doc, origin) => {
      requireColumn(doc, columnId);
      unwrap(deleteColumn(doc, { columnId, moveDealsTo }, origin), { moveDealsTo: 'moveDealsTo' });
    });
    res.status(204).end();
  });

  return router;
}
