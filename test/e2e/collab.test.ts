/**
 * Two people on one board in two browsers: what one does, the other sees as it lands —
 * new deals, moves, comments, and notes typed by both at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, createBoard, createUser } from '../helpers/clients';
import { card, openDeal, dragCardToLane, gotoBoard, lane, launchBrowser, notesText, openAs, type Person } from '../helpers/browser';

describe('two people on one board', () => {
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
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('A creates a deal and B sees it live', async () => {
    await lane(a.page, 'Rumoured')
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await a.page.keyboard.type('Amazon to invest up to $50B in OpenAI');
    const sent = Date.now();
    await a.page.keyboard.press('Enter');
    await card(b.page, 'Amazon to invest up to $50B in OpenAI', 'Rumoured').waitFor();
    // A figure, not a gate: speed is the bench's job (`npm run bench`).
    console.log(`collab: B saw A's new deal ${Date.now() - sent} ms after Enter`);
  });

  it('A drags the card to another column and B sees it there', async () => {
    await dragCardToLane(a.page, 'Amazon to invest', 'Agreed');
    await card(a.page, 'Amazon to invest', 'Agreed').waitFor();
    await card(b.page, 'Amazon to invest', 'Agreed').waitFor();
    expect(await card(b.page, 'Amazon to invest', 'Rumoured').count()).toBe(0);
  });

  it('moves a card with the keyboard', async () => {
    const shell = card(a.page, 'Amazon to invest');
    await shell.focus();
    await a.page.keyboard.press('Space');
    await a.page.keyboard.press('ArrowRight');
    // What a screen reader hears once the card is over the next stage; then it can be dropped.
    await a.page
      .locator('[id^="DndLiveRegion"]', { hasText: 'Amazon to invest up to $50B in OpenAI is over stage Regulatory review' })
      .waitFor({ state: 'attached' });
    await a.page.keyboard.press('Space');
    await card(b.page, 'Amazon to invest', 'Regulatory review').waitFor();
  });

  it('B comments and A sees it live', async () => {
    await openDeal(a.page, 'Amazon to invest');
    await a.page.getByTestId('deal-drawer').waitFor();
    await openDeal(b.page, 'Amazon to invest');
    await b.page.getByTestId('comment-input').fill('Jassy and Altman are said to lead the talks.');
    await a.page.getByTestId('typing-indicator').getByText('Bob is typing…').waitFor();
    await b.page.getByTestId('comment-input').press('Enter');
    await a.page.locator('.comment', { hasText: 'Jassy and Altman' }).waitFor();
    await expect.poll(() => a.page.locator('.comment .comment-author').first().textContent()).toBe('Bob');
    // A card someone has open shows who: A sees Bob's name on the card.
    await a.page.locator('.card-presence', { hasText: 'Bob' }).waitFor();
  });

  it('B edits and deletes their own comment, live for A', async () => {
    const mine = b.page.locator('.comment', { hasText: 'Jassy and Altman' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit comment' }).click();
    await mine.getByLabel('Edit comment').fill('Jassy and Altman reportedly lead the talks.');
    await mine.getByRole('button', { name: 'Save' }).click();
    await a.page.locator('.comment', { hasText: 'reportedly lead the talks' }).locator('.comment-edited').waitFor();
    // A cannot edit B's comment.
    expect(await a.page.locator('.comment', { hasText: 'reportedly lead' }).getByRole('button', { name: 'Edit comment' }).count()).toBe(0);
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete comment' }).click();
    await mine.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => a.page.locator('.comment', { hasText: 'reportedly lead' }).count()).toBe(0);
  });

  it('both type in the notes at once and both texts survive on both screens', async () => {
    const notesA = a.page.getByTestId('notes');
    const notesB = b.page.getByTestId('notes');
    await notesA.click();
    await a.page.keyboard.type('Middle.');
    await expect.poll(() => notesText(b.page)).toBe('Middle.');
    // A types at the start while B types at the end, at the same time.
    await notesA.press('Control+Home');
    await notesB.click();
    await notesB.press('Control+End');
    const first = 'Ada writes before. ';
    const last = ' Bob writes after.';
    await Promise.all([a.page.keyboard.type(first, { delay: 25 }), b.page.keyboard.type(last, { delay: 25 })]);
    const expected = `${first}Middle.${last}`;
    await expect.poll(() => notesText(a.page)).toBe(expected);
    await expect.poll(() => notesText(b.page)).toBe(expected);
  });

  it('shows the other person on the board and no errors', async () => {
    await a.page.getByTestId('presence').locator('[data-user-name="Bob"]').waitFor();
    await b.page.getByTestId('presence').locator('[data-user-name="Ada"]').waitFor();
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
