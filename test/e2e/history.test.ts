/**
 * Time travel in the browser: the board at a moment before a move shows the deal in its
 * old column, read-only, with the History banner; "Back to now" returns to the live board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, createBoard, createUser, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('history in the browser', () => {
  let server: StartedServer;
  let browser: Browser;
  let olga: TestUser;
  let person: Person;
  let boardId: string;
  let beforeMove = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    boardId = await createBoard(server.url, olga, 'Deals over time', 'pipeline');
    const columns = (await api<{ columns: Array<{ id: string; name: string }> }>(server.url, olga, 'GET', `/api/boards/${boardId}/columns`)).body.columns;
    const columnId = (name: string) => columns.find((c) => c.name === name)!.id;
    const created = await api<{ deal: { id: string; createdAt: string } }>(server.url, olga, 'POST', `/api/boards/${boardId}/deals`, {
      title: 'Amazon → OpenAI',
      columnId: columnId('Rumoured'),
      amount: 50e9,
    });
    // The moment the creation was logged (the log's own time, not the deal's stamp).
    beforeMove = (await server.store.listUpdates(boardId)).at(-1)!.at;
    const moved = await api(server.url, olga, 'POST', `/api/boards/${boardId}/deals/${created.body.deal.id}/move`, { columnId: columnId('In talks') });
    expect(moved.status).toBe(200);
    person = await openAs(browser, server.url, olga);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the deal in its old column before the move, read-only, then back to now', async () => {
    await gotoBoard(person.page, server.url, boardId);
    await card(person.page, 'Amazon → OpenAI', 'In talks').waitFor();
    await person.page.goto(`${server.url}/#/b/${boardId}?at=${encodeURIComponent(beforeMove)}`);
    await person.page.getByTestId('history-banner').waitFor();
    expect(await person.page.getByTestId('history-banner').textContent()).toMatch(/^Viewing \d{1,2} \w{3} \d{4}, \d{2}:\d{2} — read-only · Back to now$/);
    await card(person.page, 'Amazon → OpenAI', 'Rumoured').waitFor();
    expect(await card(person.page, 'Amazon → OpenAI', 'In talks').count()).toBe(0);
    expect(await person.page.getByRole('button', { name: /Add a deal/ }).count()).toBe(0);
    await person.page.getByTestId('history-back').click();
    await card(person.page, 'Amazon → OpenAI', 'In talks').waitFor();
    expect(await person.page.getByTestId('history-banner').count()).toBe(0);
    expect(person.page.url()).not.toContain('at=');
    expect(person.errors).toEqual([]);
  });

  it('opens History from the board at the present moment', async () => {
    await person.page.getByTestId('history-open').click();
    await person.page.getByTestId('history-scrubber').waitFor();
    expect(person.page.url()).toContain('?at=');
    await card(person.page, 'Amazon → OpenAI', 'In talks').waitFor();
    // Alt+← steps back change by change: the move, then the creation (the deal back in Rumoured).
    const atOf = () => Date.parse(new URL(person.page.url().replace('#/', '')).searchParams.get('at') ?? '');
    const opened = atOf();
    await person.page.keyboard.press('Alt+ArrowLeft');
    await person.page.waitForFunction((t) => Date.parse(new URLSearchParams(location.hash.split('?')[1]).get('at') ?? '') < t, opened);
    const first = atOf();
    await person.page.keyboard.press('Alt+ArrowLeft');
    await person.page.waitForFunction((t) => Date.parse(new URLSearchParams(location.hash.split('?')[1]).get('at') ?? '') < t, first);
    await card(person.page, 'Amazon → OpenAI', 'Rumoured').waitFor();
    await person.page.keyboard.press('Alt+ArrowRight');
    await person.page.waitForFunction((t) => Date.parse(new URLSearchParams(location.hash.split('?')[1]).get('at') ?? '') === t, first);
  });

  it("draws the waterfall whose end total is the board's live pipeline total", async () => {
    await person.page.goto(`${server.url}/#/b/${boardId}?at=${encodeURIComponent(beforeMove)}`);
    await person.page.getByTestId('what-changed-open').click();
    const end = person.page.getByTestId('waterfall-end');
    await end.waitFor();
    const exported = await api<{
      columns: Array<{ id: string; kind: string }>;
      deals: Array<{ columnId: string; amount: number | null; archived: boolean; currency: string }>;
    }>(server.url, olga, 'GET', `/api/boards/${boardId}/export.json`);
    const open = new Set(exported.body.columns.filter((c) => c.kind === 'open').map((c) => c.id));
    const live = exported.body.deals.filter((d) => open.has(d.columnId) && !d.archived && d.currency === 'USD').reduce((sum, d) => sum + (d.amount ?? 0), 0);
    expect(live).toBe(50e9);
    expect(Number(await end.getAttribute('data-value'))).toBe(live);
    expect(await person.page.getByTestId('what-changed').textContent()).toContain('Moved');
  });

  it("restores an earlier value from the deal's History tab, as my edit", async () => {
    const deals = await api<{ deals: Array<{ id: string; title: string }> }>(server.url, olga, 'GET', `/api/boards/${boardId}/deals`);
    const dealId = deals.body.deals.find((d) => d.title === 'Amazon → OpenAI')!.id;
    expect((await api(server.url, olga, 'PATCH', `/api/boards/${boardId}/deals/${dealId}`, { amount: 8e9 })).status).toBe(200);
    await person.page.goto(`${server.url}/#/b/${boardId}/d/${dealId}`);
    await person.page.getByTestId('deal-drawer').getByRole('tab', { name: 'History' }).click();
    const entry = person.page.locator('.timeline-item[data-type="deal.updated"]').first();
    await entry.getByTestId('restore-entry').click();
    // The restore is a new edit: it lands on top of the deal's history as soon as it is committed.
    await person.page.locator('.timeline-item[data-type="deal.updated"]').nth(1).getByText('Restored').waitFor();
    const after = await api<{ deal: { amount: number; updatedBy: string } }>(server.url, olga, 'GET', `/api/boards/${boardId}/deals/${dealId}`);
    expect(after.body.deal).toMatchObject({ amount: 50e9, updatedBy: olga.id });
  });

  it('brings a deleted deal back with its comments from What changed', async () => {
    const columns = (await api<{ columns: Array<{ id: string; name: string }> }>(server.url, olga, 'GET', `/api/boards/${boardId}/columns`)).body.columns;
    const made = await api<{ deal: { id: string } }>(server.url, olga, 'POST', `/api/boards/${boardId}/deals`, {
      title: 'SoftBank → OpenAI',
      columnId: columns[0]!.id,
      amount: 30e9,
    });
    const dealId = made.body.deal.id;
    expect((await api(server.url, olga, 'POST', `/api/boards/${boardId}/deals/${dealId}/comments`, { body: 'Second tranche' })).status).toBe(201);
    const beforeDelete = (await server.store.listUpdates(boardId)).at(-1)!.at;
    expect((await api(server.url, olga, 'DELETE', `/api/boards/${boardId}/deals/${dealId}?hard=1`)).status).toBe(204);
    await person.page.goto(`${server.url}/#/b/${boardId}?at=${encodeURIComponent(beforeDelete)}`);
    await card(person.page, 'SoftBank → OpenAI').waitFor();
    await person.page.getByTestId('what-changed-open').click();
    await person.page.getByTestId('bring-back').click();
    await person.page.getByText('Brought back').waitFor();
    await person.page.keyboard.press('Escape');
    await person.page.getByTestId('history-back').click();
    await card(person.page, 'SoftBank → OpenAI').waitFor();
    const back = await api<{ deal: { comments: Array<{ body: string }> } }>(server.url, olga, 'GET', `/api/boards/${boardId}/deals/${dealId}`);
    expect(back.body.deal.comments.map((c) => c.body)).toEqual(['Second tranche']);
  });
});
