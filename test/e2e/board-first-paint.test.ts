/**
 * What a board's first paint waits for, and what it no longer waits for:
 * - the session check and the board's details are asked for as the bundle starts to run, side
 *   by side (lib/earlyRequests.ts); a details answer asked before signing in is asked again;
 * - the deal drawer (with its notes editor), the table and the board's dialogs are chunks of
 *   their own (features/board/laterParts.tsx), fetched only once the board has painted, and
 *   each still opens directly from its address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { card, launchBrowser, notesText, openAs } from '../helpers/browser';
import { createDeal, readDealById, selectLanes, userOrigin } from '../../shared/src/board';

const TITLES = ['Amazon to invest in OpenAI', 'SoftBank adds $30B'];
const LATER_CHUNK = /\/assets\/(DealDrawer|TableView|ImportDialog|WebhooksDialog|RatesDialog)-[^/]+\.js$/;

/** When (ms from navigation) each of the page's script chunks was asked for, and when the board painted. */
function chunkTimes(page: Page) {
  return page.evaluate(() => ({
    rendered: performance.getEntriesByName('board:rendered')[0]?.startTime ?? null,
    chunks: performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .map((e) => ({ path: new URL(e.name).pathname, at: e.startTime })),
  }));
}

describe("a board's first paint", () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let boardId: string;
  let dealId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const columnId = selectLanes(writer.doc)[0]?.column?.id ?? '';
    for (const title of TITLES) createDeal(writer.doc, { columnId, title }, userOrigin(ada.id));
    dealId = selectLanes(writer.doc)[0]?.deals.find((d) => d.title === TITLES[0])?.id ?? '';
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('asks for the session and the board details side by side', async () => {
    const person = await openAs(browser, server.url, ada, { serviceWorkers: 'block' });
    let detailsAsked = () => {};
    const details = new Promise<void>((resolve) => (detailsAsked = resolve));
    await person.page.route(
      (url) => url.pathname === `/api/boards/${boardId}`,
      async (route) => {
        detailsAsked();
        await route.continue();
      },
    );
    // The session check is held until the details were asked for: before, they waited for it.
    await person.page.route('**/api/auth/me', async (route) => {
      await details;
      await route.continue();
    });
    await person.page.goto(`${server.url}/#/b/${boardId}`);
    await card(person.page, TITLES[0]!).waitFor();
    await person.context.close();
  });

  it('fetches the drawer, table and dialogs only after the board painted', async () => {
    const person = await openAs(browser, server.url, ada);
    await person.page.goto(`${server.url}/#/b/${boardId}`);
    await card(person.page, TITLES[0]!).waitFor();
    await expect.poll(async () => (await chunkTimes(person.page)).chunks.filter((c) => LATER_CHUNK.test(c.path)).length).toBe(5);
    const { rendered, chunks } = await chunkTimes(person.page);
    expect(rendered).not.toBeNull();
    for (const chunk of chunks.filter((c) => LATER_CHUNK.test(c.path))) expect(chunk.at, chunk.path).toBeGreaterThan(rendered!);
    await person.context.close();
  });

  it("opens a deal's address directly: the drawer and its notes editor work", async () => {
    const person = await openAs(browser, server.url, ada);
    await person.page.goto(`${server.url}/#/b/${boardId}/d/${dealId}`);
    await person.page.waitForFunction((t) => (document.querySelector('[data-testid="field-title"]') as HTMLTextAreaElement | null)?.value === t, TITLES[0]);
    await person.page.locator('.cm-content').click();
    await person.page.keyboard.type('Term sheet signed');
    await expect.poll(() => notesText(person.page)).toBe('Term sheet signed');
    await expect.poll(() => (readDealById(writer.doc, dealId) as { notes?: string } | null)?.notes).toBe('Term sheet signed');
    await person.context.close();
  });

  it("opens the table's address directly, with a row per deal", async () => {
    const person = await openAs(browser, server.url, ada);
    await person.page.goto(`${server.url}/#/b/${boardId}/table`);
    await person.page.getByTestId('deal-table').waitFor();
    await expect.poll(() => person.page.locator('.table-row [data-column="title"]').allTextContents()).toEqual(expect.arrayContaining(TITLES));
    await person.context.close();
  });

  it('asks for the details again when they were asked for before signing in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/#/b/${boardId}`);
    await page.getByLabel('Work email').fill(ada.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await card(page, TITLES[0]!).waitFor();
    await context.close();
  });
});
