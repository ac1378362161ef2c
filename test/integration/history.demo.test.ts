/**
 * The demo board comes with a January 2026 history (shared/src/board/demoHistory.ts): the
 * board at a moment in January differs from now, and the month's changes name every kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesReport } from '../../shared/src/history';
import { startServer, type StartedServer } from '../helpers/startServer';

let server: StartedServer;
let cookie = '';
let boardId = '';

beforeAll(async () => {
  server = await startServer({ demo: true });
  const seed = server.server.demo!;
  boardId = seed.boardId;
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ email: seed.email, password: seed.password }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(() => server?.close());

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/boards/${boardId}${path}`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe('demo history', () => {
  it('shows the board as it was in January', async () => {
    type State = { columns: Array<{ id: string; name: string }>; deals: Array<{ title: string; stage: string | null; amount: number | null }> };
    const early = await get<State>('/history/state?at=2026-01-07T00:00:00Z');
    const stage = (state: State, prefix: string) => state.deals.find((d) => d.title.startsWith(prefix))?.stage;
    expect(stage(early, 'Meta acquires Manus')).toBe('Regulatory review');
    expect(stage(early, 'Apple → Perplexity')).toBe('In talks');
    expect(stage(early, 'Amazon → OpenAI')).toBeUndefined();
    const live = await get<State>('/export.json');
    expect(stage(live, 'Meta acquires Manus')).toBe('Closed');
    expect(stage(live, 'Amazon → OpenAI')).toBe('In talks');
    expect(stage(live, 'xAI → Mistral')).toBeUndefined();
  });

  it('tells a month of changes of every kind, with the demo analyst as author', async () => {
    const report = await get<ChangesReport>('/history/changes?from=2026-01-02T09:30:00Z&to=2026-02-01T00:00:00Z');
    // Every deal arrived during the month (created and closed inside it is still "added").
    expect(report.changes.map((c) => c.kind)).toEqual(Array(8).fill('added'));
    const inside = await get<ChangesReport>('/history/changes?from=2026-01-10T00:00:00Z&to=2026-01-28T00:00:00Z');
    expect(new Set(inside.changes.map((c) => c.kind))).toEqual(new Set(['added', 'won', 'lost', 'repriced', 'edited']));
    const rumour = await get<ChangesReport>('/history/changes?from=2026-01-15T00:00:00Z&to=2026-01-20T00:00:00Z');
    expect(rumour.changes.filter((c) => c.kind !== 'edited')).toEqual([
      expect.objectContaining({
        kind: 'removed',
        reason: 'deleted',
        title: 'xAI → Mistral merger rumour',
        by: expect.objectContaining({ name: 'Demo Analyst' }),
      }),
    ]);
    const activity = await get<Array<{ at: string }>>('/activity?limit=200');
    expect(activity.length).toBeGreaterThan(20);
    expect(activity.every((e) => e.at.startsWith('2026-01'))).toBe(true);
  });
});
