/**
 * A board page paints the server's preview (GET /api/boards/:id/preview) while its document is
 * still on its way (issue 18: a 10,000-deal board shown in under 1.5 s): the stages with their
 * real counts and totals and their first cards, inert, then the synced board in its place with
 * the same numbers. The document socket is held here (Playwright's WebSocket routing) so the
 * preview stays on screen for as long as the test looks at it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { launchBrowser, openAs } from '../helpers/browser';
import { createDeal, selectColumns, userOrigin } from '../../shared/src/board';
import { PREVIEW_CARDS_PER_LANE } from '../../shared/src/board/preview';

describe("a board's preview", () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let boardId: string;
  let writer: DocClient;
  let firstStage: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Previewed', 'pipeline');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const columns = selectColumns(writer.doc).columns;
    firstStage = columns[0]!.name;
    for (let i = 0; i < 30; i++)
      createDeal(writer.doc, { columnId: columns[0]!.id, title: `Lead ${i}`, amount: 1e9, currency: 'USD', ownerId: ada.id }, userOrigin(ada.id));
    createDeal(writer.doc, { columnId: columns[1]!.id, title: 'Second stage', amount: 5e8, currency: 'USD' }, userOrigin(ada.id));
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('shows the stages with their real totals and first cards before the document syncs, then the board in its place', async () => {
    await expect.poll(async () => (await api<{ dealCount: number }>(server.url, ada, 'GET', `/api/boards/${boardId}`)).body.dealCount).toBe(31);
    const person = await openAs(browser, server.url, ada);
    const { page } = person;
    // The document socket opens but hears nothing until released (then it reconnects for real).
    let released = false;
    const held: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/yjs/, (ws) => {
      if (released) ws.connectToServer();
      else held.push(ws);
    });
    try {
      await page.goto(`${server.url}/#/b/${boardId}`);
      const preview = page.getByTestId('board-preview');
      await preview.waitFor();
      expect(await preview.getAttribute('inert')).not.toBeNull();
      expect(await page.locator('.lanes').count()).toBe(0);

      const lead = preview.locator('section.lane').first();
      await expect.poll(() => lead.locator('.lane-title').textContent()).toBe(firstStage);
      expect(await lead.locator('.lane-count').textContent()).toBe('30');
      expect(await lead.getByTestId('lane-sum').textContent()).toBe('$30B');
      expect(await lead.locator('.card').count()).toBe(PREVIEW_CARDS_PER_LANE);
      expect(await lead.locator('.card-title').first().textContent()).toMatch(/^Lead \d+$/);
      expect(await lead.locator('.avatar').first().getAttribute('title')).toBe('Owner: Ada');
      const previewNumbers = await page.locator('[data-testid="board-preview"] .lane-header').allTextContents();

      released = true;
      for (const ws of held) await ws.close();
      await page.locator('.lanes .card-shell').first().waitFor();
      expect(await preview.count()).toBe(0);
      // The synced board's headers say what the preview's did.
      expect(await page.locator('.lanes .lane-header').allTextContents()).toEqual(previewNumbers);
      expect(await page.evaluate(() => performance.getEntriesByName('board:preview').length)).toBe(1);
      expect(person.errors).toEqual([]);
    } finally {
      await person.context.close();
    }
  });

  it('leaves the table to its own placeholder when opened before the sync, and shows again on the board', async () => {
    const person = await openAs(browser, server.url, ada);
    const { page } = person;
    await page.routeWebSocket(/\/yjs/, () => {}); // open and silent: the document never syncs here
    try {
      await page.goto(`${server.url}/#/b/${boardId}`);
      await page.getByTestId('board-preview').waitFor();
      await page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name: 'Table' }).click();
      await page.getByLabel('Syncing board…').waitFor();
      expect(await page.getByTestId('board-preview').count()).toBe(0);
      await page.getByRole('navigation', { name: 'Board views' }).getByRole('link', { name: 'Board', exact: true }).click();
      await page.getByTestId('board-preview').waitFor();
    } finally {
      await person.context.close();
    }
  });

  it('is not asked for on the table, whose rows need the document', async () => {
    const person = await openAs(browser, server.url, ada, { serviceWorkers: 'block' });
    const asked: string[] = [];
    person.page.on('request', (request) => {
      if (request.url().endsWith('/preview')) asked.push(request.url());
    });
    try {
      await person.page.goto(`${server.url}/#/b/${boardId}/table`);
      await person.page.getByTestId('deal-table').waitFor();
      expect(asked).toEqual([]);
    } finally {
      await person.context.close();
    }
  });
});
