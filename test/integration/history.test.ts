/**
 * Time travel (issue 14) on the real server and store: edits logged at known times give
 * exactly the expected board at each moment (also across compactions and a restart), the
 * changes between two moments are classified with who and when and their totals add up,
 * and restoring is an edit by the person restoring. Runs on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, archiveDeal, createDeal, deleteDeal, initBoard, isValid, moveDeal, readDeals, updateDeal, userOrigin } from '../../shared/src/board';
import type { ChangesReport, DealChange } from '../../shared/src/history';
import type { ActivityEvent } from '../../shared/src/events';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, createUser, type TestUser } from '../helpers/clients';

const T0 = '2026-01-02T09:00:00.000Z';
const T1 = '2026-01-05T10:00:00.000Z';
const T2 = '2026-01-10T11:00:00.000Z';
const T3 = '2026-01-20T12:00:00.000Z';
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

interface Deal {
  id: string;
  title: string;
  columnId: string;
  amount: number | null;
  archived: boolean;
  expectedClose: string | null;
  comments: Array<{ id: string; body: string; authorId: string }>;
}
interface State {
  at: string;
  board: { name: string; currency: string };
  columns: Array<{ id: string; name: string }>;
  deals: Deal[];
}

let server: StartedServer;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let outsider: TestUser;
const boardId = 'historyboard1';
let col: { rumoured: string; talks: string; agreed: string; won: string; lost: string };
const ids: Record<string, string> = {};
let commentId = '';
const seqAt: Record<string, number> = {};

/** Runs edits on `doc` and appends what they wrote to the log as one update by `userId` at `when`. */
async function logged(doc: Y.Doc, userId: string, when: string, edit: () => void): Promise<number> {
  const before = Y.encodeStateVector(doc);
  edit();
  return server.store.appendUpdates(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId, at: when }]);
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function stateAt(when: string, user: TestUser = owner): Promise<State> {
  const res = await api<State>(server.url, user, 'GET', `/api/boards/${boardId}/history/state?at=${encodeURIComponent(when)}`);
  expect(res.status).toBe(200);
  return res.body;
}

const byTitle = (state: State) => Object.fromEntries(state.deals.map((d) => [d.title, d]));

beforeAll(async () => {
  server = await startServer({ keepDataDir: true });
  owner = await createUser(server.url, 'Olivia');
  editor = await createUser(server.url, 'Eddie');
  viewer = await createUser(server.url, 'Vera');
  outsider = await createUser(server.url, 'Oscar');
  await server.store.createBoard({ id: boardId, name: 'History', ownerId: owner.id });
  await server.store.setMember(boardId, editor.id, 'editor');
  await server.store.setMember(boardId, viewer.id, 'viewer');

  const doc = new Y.Doc();
  const byOwner = userOrigin(owner.id);
  const byEditor = userOrigin(editor.id);
  const now = (iso: string) => ({ now: new Date(iso) });
  await logged(doc, owner.id, T0, () => {
    const [rumoured, talks, agreed, , won, lost] = must(initBoard(doc, { name: 'History', currency: 'USD', template: 'pipeline' }, byOwner, now(T0))).columnIds;
    col = { rumoured: rumoured!, talks: talks!, agreed: agreed!, won: won!, lost: lost! };
    const add = (title: string, columnId: string, amount: number, extra: object = {}) =>
      (ids[title] = must(createDeal(doc, { columnId, title, amount, ...extra }, byOwner, now(T0))).dealId);
    add('A', col.rumoured, 100);
    add('B', col.talks, 200);
    add('C', col.rumoured, 300);
    add('D', col.talks, 400);
    add('E', col.rumoured, 500);
    add('F', col.talks, 50, { expectedClose: '2026-03-01' });
    add('G', col.rumoured, 70);
    commentId = must(addComment(doc, { dealId: ids.D!, body: 'Board approval due' }, byOwner, now(T0))).commentId;
  });
  seqAt.t0 = await server.store.appendUpdates(boardId, []);
  await logged(doc, owner.id, T1, () => {
    must(moveDeal(doc, { dealId: ids.A!, toColumnId: col.talks }, byOwner, now(T1)));
    must(updateDeal(doc, { dealId: ids.B!, patch: { amount: 250 } }, byOwner, now(T1)));
  });
  seqAt.t1 = await server.store.appendUpdates(boardId, []);
  await server.store.compact(boardId, seqAt.t1);
  await logged(doc, editor.id, T2, () => {
    must(moveDeal(doc, { dealId: ids.C!, toColumnId: col.won }, byEditor, now(T2)));
    must(deleteDeal(doc, { dealId: ids.D! }, byEditor, now(T2)));
    must(archiveDeal(doc, { dealId: ids.E! }, byEditor, now(T2)));
    must(updateDeal(doc, { dealId: ids.F!, patch: { expectedClose: '2026-06-30' } }, byEditor, now(T2)));
    must(updateDeal(doc, { dealId: ids.G!, patch: { title: 'G renamed' } }, byEditor, now(T2)));
    ids.H = must(createDeal(doc, { columnId: col.rumoured, title: 'H', amount: 1000 }, byEditor, now(T2))).dealId;
  });
  seqAt.t2 = await server.store.appendUpdates(boardId, []);
  await server.store.compact(boardId, seqAt.t2);
  await logged(doc, owner.id, T3, () => {
    must(moveDeal(doc, { dealId: ids.B!, toColumnId: col.lost }, byOwner, now(T3)));
    must(updateDeal(doc, { dealId: ids.A!, patch: { amount: 80 } }, byOwner, now(T3)));
  });
});

afterAll(async () => {
  await server?.close({ keepDataDir: false });
});

/** The expected board at each moment, checked deal by deal. */
async function expectTimeline(): Promise<void> {
  const before = await stateAt('2026-01-01T00:00:00Z');
  expect(before.columns).toEqual([]);
  expect(before.deals).toEqual([]);

  const s0 = byTitle(await stateAt(at(T0, 1)));
  expect(Object.keys(s0).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  expect(s0.A!.columnId).toBe(col.rumoured);
  expect(s0.B!.amount).toBe(200);
  expect(s0.D!.comments.map((c) => c.body)).toEqual(['Board approval due']);

  // Exactly at T1 counts (the last update committed at or before the moment).
  const s1 = byTitle(await stateAt(T1));
  expect(s1.A!.columnId).toBe(col.talks);
  expect(s1.B!.amount).toBe(250);
  expect(s1.C!.columnId).toBe(col.rumoured);
  expect(byTitle(await stateAt(at(T1, -1))).A!.columnId).toBe(col.rumoured);

  const s2 = byTitle(await stateAt(at(T2, 30)));
  expect(Object.keys(s2).sort()).toEqual(['A', 'B', 'C', 'E', 'F', 'G renamed', 'H']);
  expect(s2.C!.columnId).toBe(col.won);
  expect(s2.E!.archived).toBe(true);
  expect(s2.F!.expectedClose).toBe('2026-06-30');
  expect(s2.B!.columnId).toBe(col.talks);

  const s3 = byTitle(await stateAt('2026-02-01T00:00:00+01:00'));
  expect(s3.B!.columnId).toBe(col.lost);
  expect(s3.A!.amount).toBe(80);
}

describe('history state', () => {
  it('gives exactly the board at each moment, across compactions', async () => {
    await expectTimeline();
    // Each moment starts from the nearest snapshot at or before it; older snapshots are kept.
    expect((await server.store.loadDocumentAt(boardId, at(T0, 1))).snapshotSeq).toBe(0);
    expect((await server.store.loadDocumentAt(boardId, at(T1, 1))).snapshotSeq).toBe(seqAt.t1);
    const late = await server.store.loadDocumentAt(boardId, at(T3, 1));
    expect(late.snapshotSeq).toBe(seqAt.t2);
    expect(late.updates).toHaveLength(1);
  });

  it("lists the moments the board changed (the log's own times)", async () => {
    const res = await api<{ moments: string[] }>(server.url, viewer, 'GET', `/api/boards/${boardId}/history/moments`);
    expect(res.status).toBe(200);
    expect(res.body.moments.slice(0, 4)).toEqual([T0, T1, T2, T3]);
    expect((await api(server.url, outsider, 'GET', `/api/boards/${boardId}/history/moments`)).status).toBe(404);
  });

  it('answers the Yjs update of the state with ?format=yjs', async () => {
    const res = await fetch(`${server.url}/api/boards/${boardId}/history/state?at=${T1}&format=yjs`, { headers: { Authorization: `Bearer ${viewer.token}` } });
    expect(res.status).toBe(200);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
    const deals = readDeals(doc).filter(isValid);
    const json = await stateAt(T1);
    expect(deals.map((d) => [d.id, d.columnId, d.amount]).sort()).toEqual(json.deals.map((d) => [d.id, d.columnId, d.amount]).sort());
  });

  it('exports the board as it was with ?at=', async () => {
    const json = await api<{ deals: Deal[] }>(server.url, viewer, 'GET', `/api/boards/${boardId}/export.json?at=${T1}`);
    expect(json.status).toBe(200);
    expect(json.body.deals.find((d) => d.title === 'A')!.columnId).toBe(col.talks);
    expect(json.body.deals.map((d) => d.title).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    const csv = await api<string>(server.url, viewer, 'GET', `/api/boards/${boardId}/export.csv?at=${at(T0, 1)}`);
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n').find((line) => line.includes(`${ids.B},B,`))).toContain(',In talks,');
    expect((await api(server.url, viewer, 'GET', `/api/boards/${boardId}/export.csv?at=yesterday`)).status).toBe(400);
  });

  it('refuses a bad time with 400 and a non-member with 404', async () => {
    for (const bad of ['', 'yesterday', '2026-13-45T00:00:00Z', '2026-01-01']) {
      const res = await api<{ error: { code: string } }>(server.url, owner, 'GET', `/api/boards/${boardId}/history/state?at=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    const reversed = await api(server.url, owner, 'GET', `/api/boards/${boardId}/history/changes?from=${T2}&to=${T1}`);
    expect(reversed.status).toBe(400);
    for (const path of [`state?at=${T1}`, `changes?from=${T0}&to=${T1}`]) {
      expect((await api(server.url, outsider, 'GET', `/api/boards/${boardId}/history/${path}`)).status).toBe(404);
    }
    expect((await api(server.url, outsider, 'POST', `/api/boards/${boardId}/history/restore`, { dealId: ids.D, at: T1 })).status).toBe(404);
    expect((await api(server.url, null, 'GET', `/api/boards/${boardId}/history/state?at=${T1}`)).status).toBe(401);
  });
});

describe('history changes', () => {
  const find = (report: ChangesReport, kind: DealChange['kind'], dealId: string) => report.changes.filter((c) => c.kind === kind && c.dealId === dealId);

  it('classifies every kind of change with who and when, and the totals reconcile', async () => {
    const res = await api<ChangesReport>(server.url, viewer, 'GET', `/api/boards/${boardId}/history/changes?from=${at(T0, 1)}&to=${at(T2, 1)}`);
    expect(res.status).toBe(200);
    const report = res.body;
    const summary = report.changes.map((c) => `${c.kind}:${c.title}`).sort();
    expect(summary).toEqual(['added:H', 'edited:G renamed', 'moved:A', 'removed:D', 'removed:E', 'repriced:B', 'slipped:F', 'won:C']);
    const olivia = { id: owner.id, name: 'Olivia' };
    const eddie = { id: editor.id, name: 'Eddie' };
    expect(find(report, 'moved', ids.A!)).toEqual([
      expect.objectContaining({ fromColumnId: col.rumoured, toColumnId: col.talks, direction: 'forward', by: olivia, at: T1 }),
    ]);
    expect(find(report, 'repriced', ids.B!)).toEqual([expect.objectContaining({ from: 200, to: 250, by: olivia, at: T1 })]);
    expect(find(report, 'won', ids.C!)).toEqual([expect.objectContaining({ fromColumnId: col.rumoured, toColumnId: col.won, by: eddie, at: T2 })]);
    expect(find(report, 'removed', ids.D!)).toEqual([expect.objectContaining({ reason: 'deleted', amount: 400, by: eddie, at: T2 })]);
    expect(find(report, 'removed', ids.E!)).toEqual([expect.objectContaining({ reason: 'archived', by: eddie, at: T2 })]);
    expect(find(report, 'slipped', ids.F!)).toEqual([expect.objectContaining({ from: '2026-03-01', to: '2026-06-30', by: eddie })]);
    expect(find(report, 'edited', ids.G!)).toEqual([expect.objectContaining({ fields: ['title'], by: eddie, at: T2 })]);
    expect(find(report, 'added', ids.H!)).toEqual([expect.objectContaining({ amount: 1000, restored: false, by: eddie, at: T2 })]);

    // Pipeline: open columns (Rumoured 10 %, In talks 25 %), live deals.
    expect(report.totals.from).toEqual({ currency: 'USD', count: 7, sum: 1620, weighted: 97 + 162.5, otherCurrencies: {} });
    expect(report.totals.to).toEqual({ currency: 'USD', count: 5, sum: 1470, weighted: 7 + 100 + 25 + 62.5 + 12.5, otherCurrencies: {} });
    expect(report.waterfall).toEqual([
      { key: 'added', value: 1000, count: 1 },
      { key: 'won', value: -300, count: 1 },
      { key: 'removed', value: -900, count: 2 },
      { key: 'repricedUp', value: 50, count: 1 },
    ]);
    expect(report.totals.from.sum + report.waterfall.reduce((sum, step) => sum + step.value, 0)).toBe(report.totals.to.sum);
  });

  it('tells a loss and a price cut, and nothing for a quiet span', async () => {
    const report = (await api<ChangesReport>(server.url, owner, 'GET', `/api/boards/${boardId}/history/changes?from=${at(T2, 1)}&to=${at(T3, 1)}`)).body;
    expect(report.changes.map((c) => `${c.kind}:${c.title}`).sort()).toEqual(['lost:B', 'repriced:A']);
    expect(report.waterfall).toEqual([
      { key: 'lost', value: -250, count: 1 },
      { key: 'repricedDown', value: -20, count: 1 },
    ]);
    const quiet = (await api<ChangesReport>(server.url, owner, 'GET', `/api/boards/${boardId}/history/changes?from=${at(T1, 1)}&to=${at(T1, 60)}`)).body;
    expect(quiet.changes).toEqual([]);
    expect(quiet.totals.from).toEqual(quiet.totals.to);
  });
});

describe('history restore', () => {
  it('lets a viewer read but not restore', async () => {
    expect((await api(server.url, viewer, 'GET', `/api/boards/${boardId}/history/state?at=${T1}`)).status).toBe(200);
    const res = await api<{ error: { code: string } }>(server.url, viewer, 'POST', `/api/boards/${boardId}/history/restore`, { dealId: ids.D, at: T1 });
    expect(res.status).toBe(403);
    expect((await api(server.url, owner, 'GET', `/api/boards/${boardId}/deals/${ids.D}`)).status).toBe(404);
  });

  it('brings a deleted deal back with its comments, as an edit by the person restoring', async () => {
    const res = await api<{ outcome: string; deal: Deal & { updatedBy: string } }>(server.url, editor, 'POST', `/api/boards/${boardId}/history/restore`, {
      dealId: ids.D,
      at: T1,
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('revived');
    expect(res.body.deal).toMatchObject({ id: ids.D, title: 'D', amount: 400, columnId: col.talks, updatedBy: editor.id });
    expect(res.body.deal.comments).toEqual([expect.objectContaining({ id: commentId, body: 'Board approval due', authorId: owner.id })]);
    const live = await api<{ deal: Deal }>(server.url, viewer, 'GET', `/api/boards/${boardId}/deals/${ids.D}`);
    expect(live.body.deal.comments.map((c) => c.body)).toEqual(['Board approval due']);
    const activity = await api<ActivityEvent[]>(server.url, viewer, 'GET', `/api/boards/${boardId}/activity?dealId=${ids.D}`);
    expect(activity.body[0]).toMatchObject({ dealId: ids.D, actor: expect.objectContaining({ id: editor.id }) });
    // Its comment was told when it was made: bringing it back tells only the deal's return.
    expect(activity.body.filter((e) => e.actor.id === editor.id).map((e) => e.type)).toEqual(['deal.created']);
    // Nobody's later history is rewound: the board at T3 still has no D.
    expect(byTitle(await stateAt(at(T3, 1))).D).toBeUndefined();
  });

  it('puts back an earlier field value and unarchives', async () => {
    const res = await api<{ outcome: string; deal: Deal }>(server.url, owner, 'POST', `/api/boards/${boardId}/history/restore`, {
      dealId: ids.B,
      at: at(T0, 1),
      fields: ['amount', 'columnId'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'restored', deal: { amount: 200, columnId: col.talks } });
    const unarchived = await api<{ outcome: string; deal: Deal }>(server.url, owner, 'POST', `/api/boards/${boardId}/history/restore`, {
      dealId: ids.E,
      at: T1,
    });
    expect(unarchived.body).toMatchObject({ outcome: 'restored', deal: { archived: false } });
    const bad = await api(server.url, owner, 'POST', `/api/boards/${boardId}/history/restore`, { dealId: ids.B, at: T1, fields: ['createdBy'] });
    expect(bad.status).toBe(400);
    const never = await api(server.url, owner, 'POST', `/api/boards/${boardId}/history/restore`, { dealId: ids.H, at: T1 });
    expect(never.status).toBe(404);
  });

  it('keeps the same history after a restart', async () => {
    await server.close({ keepDataDir: true });
    server = await startServer({ dataDir: server.dataDir, keepDataDir: true });
    await expectTimeline();
  });
});
