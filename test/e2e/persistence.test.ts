/**
 * What is saved stays: the save indicator follows the server's `board:saved`, a reload keeps
 * everything, and when the server goes away the board says so, keeps the edits made meanwhile
 * and syncs them when the server is back (same port, same DATA_DIR).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createBoard, createUser, type TestUser } from '../helpers/clients';
import { card, openDeal, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('saving, reloading, going offline', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let a: Person;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer({ keepDataDir: true });
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Saved deals', 'pipeline');
    a = await openAs(browser, server.url, ada);
    await gotoBoard(a.page, server.url, boardId);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close({ keepDataDir: false });
  });

  it('shows "Saving…" then "All changes saved" after an edit', async () => {
    const status = a.page.getByTestId('save-status');
    await status.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      new MutationObserver(() => seen.push(el.getAttribute('data-status') ?? '')).observe(el, { attributes: true });
    });
    await lane(a.page, 'Agreed')
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await a.page.keyboard.type('NVIDIA to invest up to $100B in OpenAI');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Escape');
    await openDeal(a.page, 'NVIDIA to invest');
    const amount = a.page.getByTestId('field-amount');
    await amount.fill('100B');
    await amount.press('Enter');
    await a.page.getByTestId('comment-input').fill('Letter of intent signed.');
    await a.page.getByTestId('comment-input').press('Enter');
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('All changes saved');
    const seen = await a.page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen).toContain('saving');
    expect(seen.at(-1)).toBe('saved');
  });

  it('keeps everything across a reload', async () => {
    await a.page.reload();
    await a.page.locator('.lanes').waitFor();
    const shell = card(a.page, 'NVIDIA to invest', 'Agreed');
    await shell.waitFor();
    expect(await shell.locator('.card-amount').textContent()).toBe('$100B');
    await shell.click();
    await a.page.locator('.comment', { hasText: 'Letter of intent signed.' }).waitFor();
    await a.page.keyboard.press('Escape');
  });

  it('shows offline when the server stops, keeps edits, and syncs them when it returns', async () => {
    const port = Number(new URL(server.url).port);
    const dataDir = server.dataDir;
    const conn = a.page.getByTestId('connection-status');
    await expect.poll(() => conn.getAttribute('data-status')).toBe('connected');
    await server.close({ keepDataDir: true });
    await expect.poll(() => conn.getAttribute('data-status'), { timeout: 10_000 }).toBe('offline');
    expect(await conn.textContent()).toContain('Offline');

    await lane(a.page, 'Rumoured')
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await a.page.keyboard.type('Drafted while offline');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Escape');
    await card(a.page, 'Drafted while offline', 'Rumoured').waitFor();
    await expect.poll(() => a.page.getByTestId('save-status').getAttribute('data-status')).toBe('saving');
    expect(await conn.textContent()).toBe('Offline — 1 change kept on this device');
    // The edit is kept on the device (IndexedDB), so closing the tab loses nothing: no prompt.
    const warns = await a.page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(warns).toBe(false);

    server = await startServer({ dataDir, port, keepDataDir: true });
    await expect.poll(() => conn.getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => a.page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('All changes saved');

    const b = await openAs(browser, server.url, ada);
    await gotoBoard(b.page, server.url, boardId);
    await card(b.page, 'Drafted while offline', 'Rumoured').waitFor({ timeout: 5_000 });
    await card(b.page, 'NVIDIA to invest', 'Agreed').waitFor();
    await b.context.close();
  });
});
