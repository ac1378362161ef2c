/**
 * `POST /api/boards/:id/import` against the real server: a dry run changes nothing, a
 * confirmed import creates the deals in one attributed change with one activity entry (and
 * another client sees them), a re-import updates, errors come by row and field, the limits
 * answer 413, and viewers and strangers are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectColumns, selectDeals } from '../../shared/src/board';
import type { ActivityEvent } from '../../shared/src/events';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

interface Answer {
  dryRun: boolean;
  created: number;
  updated: number;
  skipped: number;
  errors: Array<{ row: number; field: string; message: string }>;
  newStages?: string[];
}

const FILE = [
  'Deal - ID;Deal - Title;Deal - Organization;Deal - Value;Deal - Stage;Deal - Owner',
  'P-1;Amazon → OpenAI;Amazon;$50B;In talks;{dana}',
  'P-2;SoftBank more;SoftBank;"30,000,000,000";Due diligence;',
  'P-3;Bad one;X;"1,5B";In talks;',
].join('\r\n');

describe('CSV import endpoint', () => {
  let server: StartedServer;
  let dana: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let boardId: string;
  let file: string;

  const post = async (user: TestUser | null, body: string | Blob, query = '') => {
    const headers: Record<string, string> = { Origin: server.url, 'Content-Type': 'text/csv' };
    if (user) headers.Authorization = `Bearer ${user.token}`;
    const res = await fetch(`${server.url}/api/boards/${boardId}/import${query}`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as Answer & { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    server = await startServer();
    dana = await createUser(server.url, 'Dana');
    viewer = await createUser(server.url, 'Vic');
    stranger = await createUser(server.url, 'Stan');
    boardId = await createBoard(server.url, dana, 'Imports');
    await addMember(server.url, dana, boardId, viewer, 'viewer');
    file = FILE.replace('{dana}', dana.email);
  });
  afterAll(async () => server?.close());

  it('a dry run previews, errors by row and field, and changes nothing', async () => {
    const watcher = connectDoc(server.url, dana, boardId);
    try {
      await watcher.synced;
      const { status, body } = await post(dana, '\uFEFF' + file, '?dryRun=1');
      expect(status).toBe(200);
      expect(body).toMatchObject({ dryRun: true, created: 2, updated: 0, skipped: 1, newStages: ['Due diligence'] });
      expect(body.errors).toEqual([{ row: 4, field: 'amount', message: expect.stringContaining('ambiguous') }]);
      const deals = await api<{ dealCount: number }>(server.url, dana, 'GET', `/api/boards/${boardId}`);
      expect(deals.body.dealCount).toBe(0);
      expect(selectDeals(watcher.doc).deals).toHaveLength(0);
    } finally {
      watcher.destroy();
    }
  });

  it('a confirmed import creates the deals, one activity entry, and another client sees them', async () => {
    const watcher = connectDoc(server.url, dana, boardId);
    try {
      await watcher.synced;
      const { status, body } = await post(dana, file);
      expect(status).toBe(200);
      expect(body).toMatchObject({ dryRun: false, created: 2, updated: 0, skipped: 1 });
      await waitFor(() => selectDeals(watcher.doc).deals.length === 2, 'the imported deals reach a connected client');
      const amazon = selectDeals(watcher.doc).deals.find((d) => d.title === 'Amazon → OpenAI');
      expect(amazon).toMatchObject({ amount: 50e9, acquirer: 'Amazon', ownerId: dana.id, createdBy: dana.id });
      expect(selectColumns(watcher.doc).columns.map((c) => c.name)).toContain('Due diligence');
      const activity = await api<ActivityEvent[] | { events: ActivityEvent[] }>(server.url, dana, 'GET', `/api/boards/${boardId}/activity`);
      const events = Array.isArray(activity.body) ? activity.body : activity.body.events;
      // One entry for the whole import: no deal.created or column.created per deal or new stage.
      expect(events.filter((e) => e.type !== 'member.changed' && e.actor.id === dana.id).map((e) => e.type)).toEqual(['deals.imported']);
      expect(events[0]?.summary).toBe('Dana imported 2 deals');
      expect(events[0]?.actor).toEqual({ id: dana.id, name: 'Dana' });
    } finally {
      watcher.destroy();
    }
  });

  it('re-importing updates instead of duplicating', async () => {
    const same = await post(dana, file, '?dryRun=1');
    expect(same.body).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    const changed = await post(dana, file.replace('$50B', '$60B'));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, skipped: 2 });
    const { body } = await api<{ dealCount: number }>(server.url, dana, 'GET', `/api/boards/${boardId}`);
    expect(body.dealCount).toBe(2);
  });

  it('a column mapping can be given; a bad one is a 400 naming the field', async () => {
    const mapped = await post(dana, 'Name,Money\nMapped deal,2B\n', `?dryRun=1&mapping=${encodeURIComponent(JSON.stringify(['title', 'amount']))}`);
    expect(mapped.body).toMatchObject({ created: 1, errors: [] });
    const bad = await post(dana, 'Name,Money\nX,2B\n', `?mapping=${encodeURIComponent(JSON.stringify(['title', 'colour']))}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^mapping:/);
  });

  it('bad files are a 400: not UTF-8, no header', async () => {
    expect((await post(dana, new Blob([new Uint8Array([0x54, 0x69, 0xff, 0xfe, 0x0a])]))).status).toBe(400);
    expect((await post(dana, '')).status).toBe(400);
  });

  it('limits: more than 5 MB or 20,000 rows is a 413 with a clear message, and nothing changes', async () => {
    const big = await post(dana, 'Title\n' + 'x'.repeat(5 * 1024 * 1024 + 10));
    expect(big.status).toBe(413);
    expect(big.body.error?.message).toMatch(/5 MB/);
    const many = await post(dana, 'Title\n' + Array.from({ length: 20_001 }, (_, i) => `Deal ${i}`).join('\n'));
    expect(many.status).toBe(413);
    expect(many.body.error?.message).toMatch(/20001 rows; at most 20000/);
    const { body } = await api<{ dealCount: number }>(server.url, dana, 'GET', `/api/boards/${boardId}`);
    expect(body.dealCount).toBe(2);
  });

  it('roles: a viewer is refused (403), a stranger and no identity get 404 / 401', async () => {
    expect((await post(viewer, file, '?dryRun=1')).status).toBe(403);
    expect((await post(stranger, file, '?dryRun=1')).status).toBe(404);
    expect((await post(null, file, '?dryRun=1')).status).toBe(401);
  });

  it('Part of: the dry run lists the links, the import makes them, and the board’s export.csv re-imports unchanged', async () => {
    const board = await createBoard(server.url, dana, 'Rounds');
    const send = async (body: string, query = '') => {
      const res = await fetch(`${server.url}/api/boards/${board}/import${query}`, {
        method: 'POST',
        headers: { Origin: server.url, 'Content-Type': 'text/csv', Authorization: `Bearer ${dana.token}` },
        body,
      });
      return (await res.json()) as Answer & { parts?: Array<{ row: number; round: string }> };
    };
    const rounds = 'Title,Amount,Part of\nAmazon → OpenAI,up to $50B,OpenAI round\nOpenAI round,100B,\nStray,1B,Nowhere\n';
    const dry = await send(rounds, '?dryRun=1');
    expect(dry).toMatchObject({ created: 2, skipped: 1, parts: [{ row: 2, round: 'OpenAI round' }] });
    expect(dry.errors).toEqual([{ row: 4, field: 'partOf', message: "no deal titled or with the id 'Nowhere' on the board or in this file" }]);
    await send(rounds);
    const { body } = await api<{ deals: Array<{ id: string; title: string; partOf: string | null }> }>(server.url, dana, 'GET', `/api/boards/${board}/deals`);
    const round = body.deals.find((d) => d.title === 'OpenAI round');
    expect(body.deals.find((d) => d.title === 'Amazon → OpenAI')?.partOf).toBe(round?.id);
    const exported = await (await fetch(`${server.url}/api/boards/${board}/export.csv`, { headers: { Authorization: `Bearer ${dana.token}` } })).text();
    expect(exported.split('\r\n')[0]).toContain('partOf');
    expect(await send(exported, '?dryRun=1')).toMatchObject({ created: 0, updated: 0, skipped: 2, errors: [] });
  });
});
