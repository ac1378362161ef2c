/**
 * `POST /api/boards/:id/imports/:importId/undo` against the real server: the importer undoes a
 * whole import (created deals removed, the stage it added removed, updated fields put back,
 * one activity entry, another client sees it); what someone edited since is kept and reported;
 * only the importer or an owner may undo (others 403), an import undoes once (409).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectColumns, selectDeals } from '../../shared/src/board';
import type { ActivityEvent } from '../../shared/src/events';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

interface ImportAnswer {
  created: number;
  updated: number;
  importId: string | null;
}
interface UndoAnswer {
  importId: string;
  removed: number;
  reverted: number;
  stagesRemoved: number;
  skipped: Array<{ dealId: string; title: string; field?: string; reason: string }>;
}
interface DealView {
  id: string;
  title: string;
  amount: number | null;
  columnId: string;
}

const HEADER = 'External ID,Title,Acquirer,Value,Stage';

describe('undo of a whole import', () => {
  let server: StartedServer;
  let dana: TestUser; // owner
  let eve: TestUser; // editor, the importer
  let ed: TestUser; // another editor
  let vic: TestUser; // viewer
  let stan: TestUser; // not a member

  const importCsv = async (user: TestUser, boardId: string, csv: string) => {
    const res = await fetch(`${server.url}/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'text/csv', Authorization: `Bearer ${user.token}` },
      body: csv,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportAnswer;
    expect(body.importId).toEqual(expect.any(String));
    return body.importId as string;
  };
  const undo = (user: TestUser | null, boardId: string, importId: string) =>
    api<UndoAnswer & { error?: { code: string } }>(server.url, user, 'POST', `/api/boards/${boardId}/imports/${importId}/undo`);
  const deals = async (boardId: string) => (await api<{ deals: DealView[] }>(server.url, dana, 'GET', `/api/boards/${boardId}/deals`)).body.deals;
  const activity = async (boardId: string) => (await api<ActivityEvent[]>(server.url, dana, 'GET', `/api/boards/${boardId}/activity`)).body;

  const newBoard = async () => {
    const boardId = await createBoard(server.url, dana, 'Undo imports');
    await addMember(server.url, dana, boardId, eve, 'editor');
    await addMember(server.url, dana, boardId, ed, 'editor');
    await addMember(server.url, dana, boardId, vic, 'viewer');
    return boardId;
  };

  beforeAll(async () => {
    server = await startServer();
    [dana, eve, ed, vic, stan] = await Promise.all([
      createUser(server.url, 'Dana'),
      createUser(server.url, 'Eve'),
      createUser(server.url, 'Ed'),
      createUser(server.url, 'Vic'),
      createUser(server.url, 'Stan'),
    ]);
  });
  afterAll(async () => server?.close());

  it('the importer undoes it as a whole: deals and the new stage gone, one activity entry, seen by another client', async () => {
    const boardId = await newBoard();
    const before = (await api<{ columns: Array<{ name: string }> }>(server.url, dana, 'GET', `/api/boards/${boardId}`)).body.columns.length;
    const importId = await importCsv(eve, boardId, [HEADER, 'X-1,Amazon → OpenAI,Amazon,$50B,Due diligence', 'X-2,SoftBank more,SoftBank,$30B,'].join('\n'));
    const watcher = connectDoc(server.url, dana, boardId);
    try {
      await watcher.synced;
      await waitFor(() => selectDeals(watcher.doc).deals.length === 2, 'the imported deals reach the watcher');
      const imported = (await activity(boardId)).find((e) => e.type === 'deals.imported');
      expect(imported?.data).toMatchObject({ importId });

      const { status, body } = await undo(eve, boardId, importId);
      expect(status).toBe(200);
      expect(body).toEqual({ importId, removed: 2, reverted: 0, stagesRemoved: 1, skipped: [] });
      await waitFor(() => selectDeals(watcher.doc).deals.length === 0, 'the undo reaches the watcher');
      expect(selectColumns(watcher.doc).columns.map((c) => c.name)).not.toContain('Due diligence');
      expect(selectColumns(watcher.doc).columns).toHaveLength(before);

      const events = await activity(boardId);
      const undone = events.filter((e) => e.actor.id === eve.id).map((e) => e.type);
      expect(undone).toEqual(['deals.import_undone', 'deals.imported']);
      expect(events[0]).toMatchObject({ type: 'deals.import_undone', data: { importId, removed: 2, reverted: 0, skipped: 0 } });
      expect(events[0]?.summary).toBe('Eve undid an import: removed 2 deals, put back 0');

      const again = await undo(eve, boardId, importId);
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe('already_undone');
    } finally {
      watcher.destroy();
    }
  });

  it('roles: another editor and a viewer get 403, a stranger 404, no identity 401; an owner may undo', async () => {
    const boardId = await newBoard();
    const importId = await importCsv(eve, boardId, [HEADER, 'R-1,Roles deal,Acme,1M,'].join('\n'));
    expect((await undo(ed, boardId, importId)).status).toBe(403);
    expect((await undo(vic, boardId, importId)).status).toBe(403);
    expect((await undo(stan, boardId, importId)).status).toBe(404);
    expect((await undo(null, boardId, importId)).status).toBe(401);
    expect((await undo(eve, boardId, 'no-such-import')).status).toBe(404);
    expect(await deals(boardId)).toHaveLength(1);
    const byOwner = await undo(dana, boardId, importId);
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.removed).toBe(1);
    expect(await deals(boardId)).toHaveLength(0);
  });

  it('puts updated fields back, but never rewinds a later edit by someone else: it keeps and reports it', async () => {
    const boardId = await newBoard();
    await importCsv(eve, boardId, [HEADER, 'U-1,First,Alpha,1M,', 'U-2,Second,Beta,2M,'].join('\n'));
    const reimport = await importCsv(eve, boardId, [HEADER, 'U-1,First,Alpha,10M,', 'U-2,Second,Beta,20M,', 'U-3,Third,Gamma,3M,'].join('\n'));
    const byTitle = async (title: string) => (await deals(boardId)).find((d) => d.title === title) as DealView;
    const first = await byTitle('First');
    const third = await byTitle('Third');
    // Dana edits after the import: the amount of one updated deal, the title of one created deal.
    expect((await api(server.url, dana, 'PATCH', `/api/boards/${boardId}/deals/${first.id}`, { amount: 11e6 })).status).toBe(200);
    expect((await api(server.url, dana, 'PATCH', `/api/boards/${boardId}/deals/${third.id}`, { title: 'Third (checked)' })).status).toBe(200);

    const { status, body } = await undo(eve, boardId, reimport);
    expect(status).toBe(200);
    expect(body.removed).toBe(0);
    expect(body.reverted).toBe(1);
    expect(body.skipped).toEqual(
      expect.arrayContaining([
        { dealId: first.id, title: 'First', field: 'amount', reason: 'edited_since' },
        { dealId: third.id, title: 'Third (checked)', reason: 'edited_since' },
      ]),
    );
    expect(body.skipped).toHaveLength(2);
    expect((await byTitle('Second')).amount).toBe(2e6);
    expect((await byTitle('First')).amount).toBe(11e6);
    expect((await byTitle('Third (checked)')).amount).toBe(3e6);
    expect((await activity(boardId))[0]?.summary).toBe('Eve undid an import: removed 0 deals, put back 1, kept 2 edited since');
  });
});
