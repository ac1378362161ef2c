/**
 * What re-renders in the table, counted in a real browser (debug mode counts row renders):
 * - a clock tick updates the time cells (time in stage) and re-renders no row. The page's clock
 *   is Playwright's: it starts almost a day after the deals entered their stage, and jumping it
 *   forward crosses the day, so "today" becomes "1d";
 * - another person moving from one row to another re-renders those two rows, not every row;
 * - scrolling across the columns (other columns come on screen) re-renders no row: the rows'
 *   cells follow the column window alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDeal, selectColumns } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { launchBrowser, openAs } from '../helpers/browser';

const DAY_MS = 86_400_000;

const rowRenders = (page: Page) =>
  page.evaluate(() => {
    const all = (window as unknown as { __tranche?: { renders: Record<string, number> } }).__tranche?.renders ?? {};
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('row:')));
  });

const changed = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys(after)
    .filter((k) => after[k] !== before[k])
    .sort();

describe('table re-renders', () => {
  let server: StartedServer;
  let browser: Browser;
  let seed: DocClient;
  let ada: TestUser;
  let bob: TestUser;
  let boardId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    seed = connectDoc(server.url, ada, boardId);
    await seed.synced;
    const columnId = selectColumns(seed.doc).columns[0]?.id ?? '';
    for (const title of ['Amazon invests in OpenAI', 'SoftBank more for OpenAI', 'Amazon in Anthropic']) {
      const result = createDeal(seed.doc, { title, columnId }, { source: 'user', userId: ada.id });
      if (!result.ok) throw new Error(result.error.message);
      ids.set(title, result.value.dealId);
    }
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('a clock tick updates the time in stage and re-renders no row', async () => {
    const { page, errors, context } = await openAs(browser, server.url, ada, { debug: true });
    await page.clock.install({ time: new Date(Date.now() + DAY_MS - 5 * 60_000) });
    await page.goto(`${server.url}/#/b/${boardId}/table`);
    // Time in stage is near the right end: scroll there, so its cells are rendered.
    await page.getByTestId('deal-table').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const times = () => page.locator('.table-row [data-column="timeInStage"]').allTextContents();
    await expect.poll(times).toEqual(['today', 'today', 'today']);
    const before = await rowRenders(page);
    expect(Object.keys(before)).toHaveLength(3);

    await page.clock.fastForward('10:00');
    await expect.poll(times).toEqual(['1d', '1d', '1d']);
    expect(changed(before, await rowRenders(page))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('scrolling across the columns re-renders no row', async () => {
    const { page, errors, context } = await openAs(browser, server.url, ada, { debug: true });
    await page.goto(`${server.url}/#/b/${boardId}/table`);
    const cells = (column: string) => page.locator(`.table-row [data-column="${column}"]`).count();
    await expect.poll(() => cells('title')).toBe(3);
    const before = await rowRenders(page);
    expect(Object.keys(before)).toHaveLength(3);

    // To the right end: the title column leaves the window and the comments column enters it.
    await page.getByTestId('deal-table').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await expect.poll(() => cells('comments')).toBe(3);
    await expect.poll(() => cells('title')).toBe(0);
    expect(changed(before, await rowRenders(page))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("another person's move to another row re-renders the two rows only", async () => {
    const a = await openAs(browser, server.url, ada, { debug: true });
    const b = await openAs(browser, server.url, bob);
    for (const { page } of [a, b]) {
      await page.goto(`${server.url}/#/b/${boardId}/table`);
      await page.locator('.table-row').nth(2).waitFor();
    }
    const rowOf = (page: Page, title: string) => page.locator(`.table-row[data-row-id="${ids.get(title)}"]`);
    await rowOf(b.page, 'Amazon invests in OpenAI').locator('[data-column="title"]').click();
    await rowOf(a.page, 'Amazon invests in OpenAI').getByTestId('row-peer').waitFor();
    const before = await rowRenders(a.page);

    await rowOf(b.page, 'Amazon in Anthropic').locator('[data-column="title"]').click();
    await rowOf(a.page, 'Amazon in Anthropic').getByTestId('row-peer').waitFor();
    await expect.poll(() => rowOf(a.page, 'Amazon invests in OpenAI').getByTestId('row-peer').count()).toBe(0);
    expect(changed(before, await rowRenders(a.page))).toEqual([`row:${ids.get('Amazon in Anthropic')}`, `row:${ids.get('Amazon invests in OpenAI')}`].sort());
    expect(a.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
