/**
 * Board operations through the UI: stages (add, rename, reorder by menu, mouse and keyboard,
 * delete moving their deals),
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
  let viewer: Person;

  const laneNames = (p: Person) => p.page.locator('.lane-title').allTextContents();

  async function addDeal(p: Person, laneName: string, title: string) {
    await lane(p.page, laneName)
      .getByRole('button', { name: /Add a deal/ })
      .click();
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
    const vic = await createUser(server.url, 'Vic');
    await addMember(server.url, ada, boardId, bob, 'editor');
    await addMember(server.url, ada, boardId, vic, 'viewer');
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    viewer = await openAs(browser, server.url, vic);
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId), gotoBoard(viewer.page, server.url, boardId)]);
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
    await expect.poll(async () => (await laneNames(b)).slice(-3)).toEqual(['Diligence', 'Closed', 'Abandoned']);
    await a.page.getByRole('menuitem', { name: 'Move left' }).click();
    await expect.poll(async () => (await laneNames(b)).slice(-4)).toEqual(['Diligence', 'Regulatory review', 'Closed', 'Abandoned']);
  });

  it('reorders stages by dragging a header grip with the mouse, live for the other person', async () => {
    const before = await laneNames(a);
    const [first, , third] = before;
    if (!first || !third) throw new Error('needs three stages');
    // Count the lane glides (FLIP) on the other person's screen.
    await b.page.evaluate(() => {
      const w = window as unknown as { laneGlides: number };
      w.laneGlides = 0;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (this: Element, ...args: Parameters<Element['animate']>) {
        if (this.matches('section.lane')) w.laneGlides++;
        return animate.apply(this, args);
      };
    });
    const grip = lane(a.page, first).getByRole('button', { name: `Move stage ${first}` });
    const target = lane(a.page, third).getByRole('button', { name: `Move stage ${third}` });
    await lane(a.page, first).locator('.lane-header').hover();
    const from = await grip.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('grips not visible');
    await a.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 2, { steps: 3 });
    await a.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 40, { steps: 12 });
    await expect.poll(() => a.page.locator('.lane.is-lifting').count()).toBe(1);
    await a.page.waitForTimeout(100);
    await a.page.mouse.up();
    const expected = [before[1], before[2], first, ...before.slice(3)];
    await expect.poll(() => laneNames(b)).toEqual(expected);
    await expect.poll(() => laneNames(a)).toEqual(expected);
    await expect.poll(() => laneNames(viewer)).toEqual(expected);
    expect(await b.page.evaluate(() => (window as unknown as { laneGlides: number }).laneGlides)).toBe(3);
  });

  it('reorders stages with the keyboard from the grip, and Escape cancels', async () => {
    const before = await laneNames(a);
    const [first, second] = before;
    if (!first || !second) throw new Error('needs two stages');
    const live = a.page.locator('[id^="DndLiveRegion"]');
    const grip = a.page.getByRole('button', { name: `Move stage ${second}` });
    await a.page.keyboard.press('Shift'); // a keyboard user: focus shows (:focus-visible)
    await grip.focus();
    await expect.poll(() => grip.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await a.page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain(`Stage ${second} is in position 2 of ${before.length}`);
    await a.page.waitForTimeout(100); // dnd-kit listens for the arrow keys from the next task on
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => live.textContent()).toContain(`Stage ${second} is in position 3 of ${before.length}`);
    await a.page.keyboard.press('Escape');
    await expect.poll(() => live.textContent()).toContain(`Moving stage ${second} was cancelled`);
    expect(await laneNames(a)).toEqual(before);

    await grip.focus();
    await a.page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain(`Stage ${second} is in position 2 of ${before.length}`);
    await a.page.waitForTimeout(100); // dnd-kit listens for the arrow keys from the next task on
    await a.page.keyboard.press('ArrowLeft');
    await expect.poll(() => live.textContent()).toContain(`Stage ${second} is in position 1 of ${before.length}`);
    await a.page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain(`Dropped stage ${second} in position 1`);
    const expected = [second, first, ...before.slice(2)];
    await expect.poll(() => laneNames(b)).toEqual(expected);
    expect(await laneNames(a)).toEqual(expected);
    // Focus comes back to the grip, so the stage can be moved again straight away.
    expect(await a.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move stage ${second}`);
  });

  it('a viewer has no stage grip', async () => {
    await viewer.page.locator('.lane-title').first().waitFor();
    await lane(viewer.page, (await laneNames(viewer))[0] ?? '')
      .locator('.lane-header')
      .hover();
    expect(await viewer.page.locator('.lane-grip').count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: /^Move stage/ }).count()).toBe(0);
    expect(await a.page.locator('.lane-grip').count()).toBe((await laneNames(a)).length);
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
    await a.page.getByText("Amount 'lots' is not a number: enter the amount like 50B, 8 bn or 1,500,000.").waitFor();
    // A decimal comma is refused (not read as 15B), in a sentence that names the field.
    await amount.fill('1,5B');
    await amount.press('Enter');
    await a.page.getByText("Amount '1,5B' is ambiguous: write 1.5B (a decimal point) or use commas only between thousands.").waitFor();
    await amount.fill('12345678901234567890');
    await amount.press('Enter');
    await a.page.getByText('Amount is too large: the most a deal can carry is 1,000T.').waitFor();
    const link = a.page.getByTestId('deal-drawer').getByPlaceholder(/Paste a link/);
    await link.fill('not a url');
    await link.press('Enter');
    await a.page.getByText('"not a url" is not a web address: paste a link like https://example.com/article.').waitFor();
    await link.fill('');
    await amount.fill('30B');
    await amount.press('Enter');
    await expect.poll(() => card(b.page, 'SoftBank in talks').locator('.card-amount').textContent()).toBe('$30B');
    expect(await a.page.getByTestId('deal-drawer').locator('.link-row').count()).toBe(0);
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
    expect(viewer.errors).toEqual([]);
  });
});
