/**
 * Offline-first boards: the app shell comes from the service worker and the board from its
 * IndexedDB copy, so a person with no connection opens the board, edits it, closes the tab,
 * opens it again, and everything reaches the others once the connection returns. Signing out
 * deletes every local copy; the next user on the browser sees nothing of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { boardDatabases, card, gotoBoard, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';

const TITLES = ['Amazon to invest in OpenAI', 'SoftBank adds $30B', 'Meta acquires Manus'];

/** Waits until the service worker controls the page, so the shell and REST answers are cached. */
async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function setAmount(page: Page, title: string, amount: string): Promise<void> {
  await openDeal(page, title);
  const field = page.getByTestId('field-amount');
  await field.fill(amount);
  await field.press('Enter');
  await page.keyboard.press('Escape');
}

describe('offline-first boards', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let bob: TestUser;
  let a: Person;
  let b: Person;
  let boardId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const columnId = selectLanes(writer.doc)[0]?.column?.id ?? '';
    for (const title of TITLES) createDeal(writer.doc, { columnId, title }, userOrigin(ada.id));
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
    for (const title of TITLES) await card(a.page, title).waitFor();
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('edits made offline survive closing the tab, the board reopens offline, and everything syncs once online', async () => {
    await controlledByServiceWorker(a.page);
    await expect.poll(() => boardDatabases(a.page)).toEqual([`tranche-board-${boardId}`]);

    await a.context.setOffline(true);
    const status = a.page.getByTestId('connection-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('offline');
    await setAmount(a.page, TITLES[0]!, '600B');
    await setAmount(a.page, TITLES[1]!, '30B');
    await setAmount(a.page, TITLES[2]!, '2B');
    await openDeal(a.page, TITLES[2]!);
    await a.page.getByTestId('comment-input').fill('Written on the plane.');
    await a.page.getByTestId('comment-input').press('Enter');
    await a.page.keyboard.press('Escape');
    await expect.poll(() => status.textContent()).toMatch(/^Offline — \d+ changes? kept on this device$/);
    expect(await card(b.page, TITLES[0]!).locator('.card-amount').count()).toBe(0);
    await a.page.close();

    // Reopen with no connection: the app from the service worker, the board from IndexedDB.
    const page = await a.context.newPage();
    await gotoBoard(page, server.url, boardId);
    expect(await card(page, TITLES[0]!).locator('.card-amount').textContent()).toBe('$600B');
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 10_000 }).toMatch(/^Offline — \d+ changes? kept on this device$/);

    await a.context.setOffline(false);
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    for (const [title, amount] of [
      [TITLES[0]!, '$600B'],
      [TITLES[1]!, '$30B'],
      [TITLES[2]!, '$2B'],
    ] as const) {
      await expect.poll(() => card(b.page, title).locator('.card-amount').textContent(), { timeout: 5_000 }).toBe(amount);
    }
    // Nothing duplicated: three cards, one comment.
    expect(await b.page.locator('.card-shell').count()).toBe(3);
    await openDeal(b.page, TITLES[2]!);
    await b.page.locator('.comment', { hasText: 'Written on the plane.' }).waitFor();
    expect(await b.page.locator('.comment').count()).toBe(1);
    a.page = page;
  });

  it("losing access deletes that board's copy on the device", async () => {
    expect(await boardDatabases(b.page)).toEqual([`tranche-board-${boardId}`]);
    expect((await api(server.url, ada, 'DELETE', `/api/boards/${boardId}/members/${bob.id}`)).status).toBe(204);
    await expect.poll(() => boardDatabases(b.page), { timeout: 5_000 }).toEqual([]);
  });

  it("signing out deletes this device's board copies, and the next user sees nothing of them", async () => {
    expect(await boardDatabases(a.page)).toEqual([`tranche-board-${boardId}`]);
    await a.page.getByRole('button', { name: 'Account: Ada' }).click();
    await a.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => boardDatabases(a.page), { timeout: 5_000 }).toEqual([]);
    expect(await a.page.evaluate(() => caches.has('tranche-api'))).toBe(false);
    expect(await a.page.evaluate(() => Object.keys(localStorage).filter((k) => /^(tranche-pending-|tranche:activity-read:|tranche:watch:)/.test(k)))).toEqual(
      [],
    );

    // Someone else signs in on this browser, offline: no board of Ada's opens from the device.
    const eve = await createUser(server.url, 'Eve');
    await a.page.locator('#auth-email').fill(eve.email);
    await a.page.locator('#auth-password').fill('correct horse battery');
    await a.page.locator('form button[type="submit"]').click();
    await a.page.locator('.topbar').waitFor();
    await a.context.setOffline(true);
    await a.page.goto(`${server.url}/#/b/${boardId}`);
    await a.page.waitForLoadState('domcontentloaded');
    expect(await a.page.locator('.card-shell').count()).toBe(0);
    expect(await boardDatabases(a.page)).toEqual([]);
    await a.context.setOffline(false);
  });
});
