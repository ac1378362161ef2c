/**
 * A tab the server signed out recovers: sign out in tab 1, keep editing in tab 2 (it says so),
 * sign in again in tab 1, and tab 2 reconnects by itself and delivers the edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, createBoard, createUser, type TestUser } from '../helpers/clients';
import { card, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('a signed-out tab', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let tab1: Person;
  let tab2: Page;
  let bob: Person;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    const bobUser = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bobUser, 'editor');
    tab1 = await openAs(browser, server.url, ada);
    tab2 = await tab1.context.newPage();
    bob = await openAs(browser, server.url, bobUser);
    await Promise.all([gotoBoard(tab1.page, server.url, boardId), gotoBoard(tab2, server.url, boardId), gotoBoard(bob.page, server.url, boardId)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says it is signed out, keeps the edit, and delivers it once the user signs in again in another tab', async () => {
    await tab2.getByTestId('connection-status').and(tab2.locator('[data-status="connected"]')).waitFor();

    await tab1.page.getByRole('button', { name: 'Account: Ada' }).click();
    await tab1.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await tab1.page.getByRole('button', { name: 'Sign in', exact: true }).last().waitFor();

    const status = tab2.getByTestId('connection-status');
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('Signed out — sign in to save your changes');

    await lane(tab2, 'Rumoured')
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await tab2.keyboard.type('Edit made while signed out');
    await tab2.keyboard.press('Enter');
    await card(tab2, 'Edit made while signed out').waitFor();
    // Nothing reaches anyone while signed out, and the tab does not pretend otherwise.
    expect(await card(bob.page, 'Edit made while signed out').count()).toBe(0);
    expect(await status.getAttribute('data-status')).toBe('signed-out');

    await tab1.page.locator('#auth-email').fill(ada.email);
    await tab1.page.locator('#auth-password').fill('correct horse battery');
    await tab1.page.locator('form button[type="submit"]').click();
    await tab1.page.locator('.topbar').waitFor();

    await card(bob.page, 'Edit made while signed out').waitFor({ timeout: 5_000 });
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 5_000 }).toBe('connected');
    await expect.poll(() => tab2.getByTestId('save-status').getAttribute('data-status'), { timeout: 5_000 }).toBe('saved');
  });
});
