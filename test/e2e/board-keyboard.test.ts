/**
 * Keyboard and stage placement through the UI: a card moves with the keyboard into an empty
 * stage, and a new stage joins the open stages before Closed/Abandoned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createBoard, createUser } from '../helpers/clients';
import { card, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('keyboard moves and new stages', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: Person;

  const laneNames = () => ada.page.locator('.lane-title').allTextContents();
  /** dnd-kit's live region: what a screen reader hears during a keyboard move. */
  const announced = (text: string) => ada.page.locator('[id^="DndLiveRegion"]', { hasText: text }).waitFor({ state: 'attached' });

  async function addDeal(laneName: string, title: string) {
    await lane(ada.page, laneName)
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await ada.page.keyboard.type(title);
    await ada.page.keyboard.press('Enter');
    await ada.page.keyboard.press('Escape');
    await card(ada.page, title, laneName).waitFor();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const user = await createUser(server.url, 'Ada');
    const boardId = await createBoard(server.url, user, 'Keys', 'pipeline');
    ada = await openAs(browser, server.url, user);
    await gotoBoard(ada.page, server.url, boardId);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('moves a card with Space, ArrowRight, Space into an empty stage, keys pressed back to back', async () => {
    await addDeal('Rumoured', 'Mistral raise');
    await addDeal('Rumoured', 'Cohere raise');
    expect(await lane(ada.page, 'In talks').locator('.card-shell').count()).toBe(0);
    await ada.page.keyboard.press('Shift'); // a keyboard user
    await card(ada.page, 'Mistral raise').focus();
    await ada.page.keyboard.press('Space');
    await ada.page.keyboard.press('ArrowRight');
    await announced('Mistral raise is over stage In talks');
    await ada.page.keyboard.press('Space');
    await card(ada.page, 'Mistral raise', 'In talks').waitFor();
    expect(await lane(ada.page, 'Rumoured').locator('.card-title').allTextContents()).toEqual(['Cohere raise']);
  });

  it('adds a new stage before Closed and Abandoned', async () => {
    await ada.page.getByRole('button', { name: 'Add stage' }).click();
    await ada.page.getByLabel('New stage name').fill('Signing');
    await ada.page.getByLabel('New stage name').press('Enter');
    await expect.poll(laneNames).toEqual(['Rumoured', 'In talks', 'Agreed', 'Regulatory review', 'Signing', 'Closed', 'Abandoned']);
  });
});
