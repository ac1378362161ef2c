/**
 * Board operations through the UI: stages (add, rename, reorder, delete moving their deals),
 * archive and restore, search and filters, undo / redo, field validation in the drawer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, createBoard, createUser } from '../helpers/clients';
import { card, openDeal, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('board operations', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;

  const laneNames = (p: Person) => p.page.locator('.lane-title').allTextContents();

  async function addDeal(p: Person, laneName: string, title: string) {
    await lane(p.page, laneName).getByRole('button', { name: /Add a deal/ }).click();
    await p.page.keyboard.type(title);
    await p.page.keyboard.press('Enter');
    await p.page.keyboard.press('Escape');
    await card(p.page, title, laneName).waitFor();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    const boardId = await createBoard(server.url, ada, 'Ops', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds, renames and reorders stages, live for the other person', async () => {
    await a.page.getByRole('button', { name: 'Add stage' }).click();
    await a.page.getByLabel('New stage name').fill('Due diligence');
    await a.page.getByLabel('New stage name').press('Enter');
    await expect.poll(() => laneNames(b)).toContain('Due diligence');

    await a.page.getByRole('button', { name: 'Actions for stage Due diligence' }).click();
    await a.page.getByRole('menuitem', { name: 'Rename' }).click();
    await a.page.getByLabel('Stage name').fill('Diligence');
    await a.page.getByLabel('Stage name').press('Enter');
    await expect.poll(() => laneNames(b)).toContain('Diligence');

    await a.page.getByRole('button', { name: 'Actions for stage Diligence' }).click();
    await a.page.getByRole('menuitem', { name: 'Move left' }).click();
    await expect.poll(async () => (await laneNames(b)).slice(-2)).toEqual(['Diligence', 'Abandoned']);
  });

  it('deleting a stage asks where its deals go', async () => {
    await addDeal(a, 'Diligence', 'Meta acquires Manus');
    await a.page.getByRole('button', { name: 'Actions for stage Diligence' }).click();
    await a.page.getByRole('menuitem', { name: 'Delete stage…' }).click();
    const dialog = a.page.getByRole('dialog');
    await dialog.getByLabel(/Move its 1 deal/).selectOption({ label: 'Closed' });
    await dialog.getByRole('button', { name: 'Delete stage' }).click();
    await card(b.page, 'Meta acquires Manus', 'Closed').waitFor();
    expect(await laneNames(b)).not.toContain('Diligence');
  });

  it('reorders cards within a column by dragging', async () => {
    await addDeal(a, 'Agreed', 'First in line');
    await addDeal(a, 'Agreed', 'Second in line');
    const from = await card(a.page, 'Second in line').boundingBox();
    const to = await card(a.page, 'First in line').boundingBox();
    if (!from || !to) throw new Error('cards not visible');
    await a.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 3 });
    await a.page.mouse.move(to.x + to.width / 2, to.y + 10, { steps: 10 });
    await a.page.waitForTimeout(100);
    await a.page.mouse.up();
    const titles = () => lane(b.page, 'Agreed').locator('.card-title').allTextContents();
    await expect.poll(titles).toEqual(['Second in line', 'First in line']);
  });

  it('archives a deal and shows it again with "Archived"', async () => {
    await addDeal(a, 'Rumoured', 'Old rumour');
    await openDeal(a.page, 'Old rumour');
    await a.page.getByRole('button', { name: 'Deal actions' }).click();
    await a.page.getByRole('menuitem', { name: 'Archive' }).click();
    await a.page.keyboard.press('Escape');
    await expect.poll(() => card(b.page, 'Old rumour').count()).toBe(0);
    await b.page.getByRole('button', { name: /Archived/ }).click();
    await card(b.page, 'Old rumour', 'Rumoured').locator('.chip-archived').waitFor();
    await b.page.getByRole('button', { name: /Archived/ }).click();
  });

  it('searches and filters by kind', async () => {
    await addDeal(a, 'In talks', 'SoftBank in talks for $30B more');
    await a.page.getByLabel('Search deals').fill('softbank');
    await expect.poll(() => a.page.locator('.card').count()).toBe(1);
    await a.page.getByLabel('Search deals').fill('');
    await openDeal(a.page, 'Meta acquires Manus');
    await a.page.getByTestId('deal-drawer').getByLabel('Kind').selectOption('acquisition');
    await a.page.keyboard.press('Escape');
    await a.page.getByLabel('Filter by kind').selectOption('acquisition');
    await expect.poll(() => a.page.locator('.card-title').allTextContents()).toEqual(['Meta acquires Manus']);
    await a.page.getByLabel('Filter by kind').selectOption('');
  });

  it('validates fields beside them and keeps bad input out of the document', async () => {
    await openDeal(a.page, 'SoftBank in talks');
    const probability = a.page.getByTestId('field-probability');
    await probability.fill('150');
    await probability.press('Enter');
    await a.page.getByText('A whole number from 0 to 100').waitFor();
    await probability.fill('60');
    await probability.press('Enter');
    await expect.poll(() => card(b.page, 'SoftBank in talks').locator('.prob').textContent()).toBe('60%');
    const amount = a.page.getByTestId('field-amount');
    await amount.fill('lots');
    await amount.press('Enter');
    await a.page.getByText('Enter an amount like 50B').waitFor();
    await amount.fill('30B');
    await amount.press('Enter');
    await expect.poll(() => card(b.page, 'SoftBank in talks').locator('.card-amount').textContent()).toBe('$30B');
    await a.page.keyboard.press('Escape');
  });

  it('undoes and redoes my own change with the keyboard', async () => {
    await a.page.locator('.board-name').click();
    await a.page.keyboard.press('Control+z');
    await expect.poll(() => card(b.page, 'SoftBank in talks').locator('.card-amount').count()).toBe(0);
    await a.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => card(b.page, 'SoftBank in talks').locator('.card-amount').textContent()).toBe('$30B');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
