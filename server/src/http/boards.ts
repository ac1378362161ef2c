/**
 * Boards REST (CONTRACT.md, "Boards and roles"): list, create from a template, read,
 * rename, delete. Document changes go through the shared mutations on the live room.
 */
import { Router } from 'express';
import { z } from 'zod';
import { BOARD_TEMPLATES, boardNameSchema, boardPreview, initBoard, setBoardInfo, readBoardInfo, readDeals, selectColumns } from '../../../shared/src/board';
import { newBoardId } from '../store/newBoardId';
import { SYSTEM_ORIGIN } from '../../../shared/src/board/origin';
import type { Identify } from '../auth/identify';
import type { Store } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import type { LiveEvents } from '../realtime/liveEvents';
import { boardRenamedEvent } from '../activity/restEvents';
import { HttpError } from './errors';
import { parseBody } from './validate';
import { requireUser, userOf } from './requireUser';
import { requireBoardRole } from './boardAccess';

export interface BoardRoutesDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
  identify: Identify;
}

export const createBoardBody = z.object({ name: boardNameSchema, template: z.enum(BOARD_TEMPLATES).default('pipeline') }).strict();
export const renameBoardBody = z.object({ name: boardNameSchema }).strict();

export function createBoardsRouter(deps: BoardRoutesDeps): Router {
  const { store, hub, live } = deps;
  const router = Router();
  router.use('/boards', requireUser(deps.identify));

  router.get('/boards', async (req, res) => {
    const boards = await store.listBoardsForUser(userOf(req).id);
    res.json(boards.map((b) => ({ id: b.id, name: b.name, role: b.role, updatedAt: b.updatedAt })));
  });

  router.post('/boards', async (req, res) => {
    const body = parseBody(createBoardBody, req.body);
    const user = userOf(req);
    const id = newBoardId();
    await store.createBoard({ id, name: body.name, ownerId: user.id });
    const result = await hub.write(id, (doc, origin) => initBoard(doc, { name: body.name, template: body.template }, origin), SYSTEM_ORIGIN);
    if (!result.ok) throw new HttpError(400, 'invalid_input', result.error.message);
    res.status(201).json({ id, name: body.name, role: 'owner' });
  });

  router.get('/boards/:id', async (req, res) => {
    const { boardId, role } = await requireBoardRole(store, req, 'viewer');
    const board = await store.getBoard(boardId);
    if (!board) throw new HttpError(404, 'not_found', 'No such board');
    const view = await hub.read(boardId, (doc) => ({
      currency: readBoardInfo(doc).currency,
      columns: selectColumns(doc).columns,
      dealCount: readDeals(doc).filter((d) => !d.invalid && !d.archived).length,
    }));
    res.json({ id: board.id, name: board.name, role, updatedAt: board.updatedAt, ...view });
  });

  // The first paint of a board page (shared/src/board/preview.ts): stages, totals, first cards.
  router.get('/boards/:id/preview', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'viewer');
    const names = new Map((await store.listMembers(boardId)).map((m) => [m.user.id, m.user.name]));
    res.json(await hub.read(boardId, (doc) => boardPreview(doc, (id) => names.get(id))));
  });

  router.patch('/boards/:id', async (req, res) => {
    const { boardId, user, role } = await requireBoardRole(store, req, 'owner');
    const body = parseBody(renameBoardBody, req.body);
    const before = await store.getBoard(boardId);
    if (!before) throw new HttpError(404, 'not_found', 'No such board');
    // The document holds the name (one source of truth); the store keeps the committed copy.
    const name = await hub.write(
      boardId,
      (doc, origin) => {
        setBoardInfo(doc, { name: body.name }, origin);
        return readBoardInfo(doc).name;
      },
      SYSTEM_ORIGIN,
    );
    await store.renameBoard(boardId, name);
    if (before.name !== name) {
      const event = boardRenamedEvent(boardId, { id: user.id, name: user.name }, { from: before.name, to: name });
      await store.addActivity([event]);
      live.activity(boardId, [event]);
    }
    res.json({ id: boardId, name, role });
  });

  router.delete('/boards/:id', async (req, res) => {
    const { boardId } = await requireBoardRole(store, req, 'owner');
    // Membership goes first, so no new connection can open the board meanwhile.
    await store.deleteBoard(boardId);
    await hub.boardDeleted(boardId);
    live.boardDeleted(boardId);
    res.status(204).end();
  });

  return router;
}
