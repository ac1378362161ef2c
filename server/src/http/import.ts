/**
 * CSV import (issue 15.3): `POST /api/boards/:id/import` with the CSV as the body (any
 * content type), editors and owners. `?dryRun=1` answers what would happen; otherwise the
 * import is applied through the board's room in one transaction attributed to the importer,
 * committed before the answer, and told as one activity entry ("Dana imported 120 deals").
 * `?mapping=` (a JSON array, one field name or null per CSV column) overrides the mapping
 * guessed from the headers. Limits: 5 MB and 20,000 rows, else 413. A confirmed import that
 * changed anything answers its `importId`, which undo (importUndo.ts) takes.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseCsv } from '../../../shared/src/import/csv';
import { IMPORT_FIELDS, guessMapping, type ColumnMapping } from '../../../shared/src/import/fields';
import { IMPORT_LIMITS, planImport, type ImportMember } from '../../../shared/src/import/plan';
import { applyImport } from '../../../shared/src/import/apply';
import type { Identify } from '../auth/identify';
import type { Store, UserRecord } from '../store/Store';
import type { BoardHub } from '../sync/BoardHub';
import { writeOriginFor, type WriteOrigin } from '../sync/origin';
import type { LiveEvents } from '../realtime/liveEvents';
import { makeEvent } from '../activity/eventFactory';
import { newId } from '../../../shared/src/board/id';
import { HttpError } from './errors';
import { requireUser } from './requireUser';
import { requireBoardRole } from './boardAccess';

export interface ImportRoutesDeps {
  store: Store;
  hub: BoardHub;
  live: LiveEvents;
  identify: Identify;
}

const mappingSchema = z.array(z.enum(IMPORT_FIELDS).nullable());

/**
 * The importer's origin. `quiet` tells the room not to derive an activity event per deal:
 * the import is told once, as `deals.imported`. The log still attributes it to the user.
 */
export function importOrigin(user: UserRecord): WriteOrigin {
  return { ...writeOriginFor(user), quiet: true };
}

const rawBody = express.raw({ type: () => true, limit: IMPORT_LIMITS.bytes });

function readBody(req: Request, res: Response, next: NextFunction): void {
  rawBody(req, res, (error?: unknown) => {
    if (error && (error as { type?: string }).type === 'entity.too.large')
      next(new HttpError(413, 'too_large', `The file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MB`));
    else next(error);
  });
}

function mappingFrom(req: Request, headers: string[]): ColumnMapping {
  const raw = req.query.mapping;
  if (raw === undefined) return guessMapping(headers);
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    throw new HttpError(400, 'invalid', 'mapping: must be a JSON array');
  }
  const result = mappingSchema.safeParse(parsed);
  if (!result.success || result.data.length !== headers.length)
    throw new HttpError(400, 'invalid', `mapping: one field (${IMPORT_FIELDS.join(', ')}) or null per column`);
  return result.data;
}

export function createImportRouter(deps: ImportRoutesDeps): Router {
  const { store, hub, live } = deps;
  const router = Router();
  router.post('/boards/:id/import', requireUser(deps.identify), async (req, res) => {
    const { boardId, user } = await requireBoardRole(store, req, 'editor');
    await new Promise<void>((resolve, reject) => readBody(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HttpError(400, 'invalid', 'The file is not UTF-8 text');
    }
    const reading = parseCsv(text);
    if (!reading.ok) throw new HttpError(400, 'invalid', reading.message);
    const { table } = reading;
    if (table.rows.length > IMPORT_LIMITS.rows)
      throw new HttpError(413, 'too_many_rows', `The file has ${table.rows.length} rows; at most ${IMPORT_LIMITS.rows} can be imported at once`);
    const mapping = mappingFrom(req, table.headers);
    const members: ImportMember[] = (await store.listMembers(boardId)).map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name }));

    const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
    if (dryRun) {
      const plan = await hub.read(boardId, (doc) => planImport(doc, table, mapping, members));
      res.json({
        dryRun: true,
        created: plan.creates.length,
        updated: plan.updates.length,
        skipped: plan.skipped,
        errors: plan.errors,
        newStages: plan.newStages,
        parts: plan.parts,
        mapping,
      });
      return;
    }
    hub.spendUserWrite(user.id);
    const { undo, ...outcome } = await hub.write(
      boardId,
      (doc, origin) => applyImport(doc, planImport(doc, table, mapping, members), origin),
      importOrigin(user),
    );
    let importId: string | null = null;
    if (outcome.created + outcome.updated > 0) {
      importId = newId();
      await store.saveImport({ id: importId, boardId, userId: user.id, at: new Date().toISOString(), undo: JSON.stringify(undo) });
      const parts = [
        outcome.created > 0 ? `imported ${outcome.created} deal${outcome.created === 1 ? '' : 's'}` : '',
        outcome.updated > 0 ? `updated ${outcome.updated}` : '',
      ].filter(Boolean);
      const event = makeEvent({
        boardId,
        actor: { id: user.id, name: user.name },
        type: 'deals.imported',
        at: new Date(),
        summary: `${user.name} ${parts.join(' and ')}${outcome.created === 0 ? ` deal${outcome.updated === 1 ? '' : 's'}` : ''}`,
        data: { created: outcome.created, updated: outcome.updated, skipped: outcome.skipped, stagesCreated: outcome.stagesCreated, importId },
      });
      await store.addActivity([event]);
      live.activity(boardId, [event]);
    }
    res.json({ dryRun: false, ...outcome, mapping, importId });
  });
  return router;
}
