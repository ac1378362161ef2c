/**
 * Presence at once: a person who opens a board appears to everyone on it within a second, and
 * one who closes the tab disappears within a few seconds (not the 30 s awareness timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, createBoard, createUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('presence', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    await gotoBoard(a.page, server.url, boardId);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const bobInAdasBar = () => a.page.getByTestId('presence').locator('[data-user-name="Bob"]');
  const adaInBobsBar = () => b.page.getByTestId('presence').locator('[data-user-name="Ada"]');

  it('B opens the board: A sees B, and B sees A, within a second', async () => {
    const opened = Date.now();
    const seen = Promise.all([bobInAdasBar().waitFor({ timeout: 5_000 }), adaInBobsBar().waitFor({ timeout: 5_000 })]).then(() => Date.now());
    await gotoBoard(b.page, server.url, boardId);
    await b.page.locator('section.lane').first().waitFor(); // the board itself, not its skeleton
    const onScreen = Date.now();
    const both = await seen;
    console.log(`presence: B's board on screen after ${onScreen - opened} ms; both see each other ${both - opened} ms after B started opening it`);
    // Measured from B's board being on screen: loading the page is not presence.
    expect(both - onScreen).toBeLessThan(1_000);
  });

  it('B closes the tab: A sees B leave within 5 s', async () => {
    const closed = Date.now();
    await b.page.close();
    await bobInAdasBar().waitFor({ state: 'detached', timeout: 8_000 });
    const delay = Date.now() - closed;
    console.log(`presence: B left A's bar ${delay} ms after closing the tab`);
    expect(delay).toBeLessThan(5_000);
  });
});
