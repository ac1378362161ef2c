/**
 * The inbox in two browsers: A mentions B in a comment with the keyboard-driven autocomplete
 * (the mention renders as a chip), B's bell count rises live, B opens the inbox, sees the
 * entry in words and lands on the deal; read state reaches B's other tab at once.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, createBoard, createUser, type TestUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('notification inbox and @mentions', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let bob: TestUser;
  let a: Person;
  let b: Person;
  let bTab2: Person;
  let boardId: string;
  let dealId: string;

  beforeAll(async () => {
    // Any time away counts as "away", so a reload shows the digest.
    server = await startServer({ activityQuietMs: 200, digestAwayMs: 0 });
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada Lovelace');
    bob = await createUser(server.url, 'Bob Noyce');
    const cleo = await createUser(server.url, 'Cleo Bard');
    boardId = await createBoard(server.url, ada, 'Mega-deals');
    await addMember(server.url, ada, boardId, bob, 'editor');
    await addMember(server.url, ada, boardId, cleo, 'editor');
    const created = await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, {
      title: 'Amazon to invest in OpenAI',
      acquirer: 'Amazon',
      target: 'OpenAI',
    });
    dealId = created.body.deal.id;
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    bTab2 = { ...b, page: await b.context.newPage() };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const count = async (p: Person) => {
    const badge = p.page.getByTestId('inbox-count');
    return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
  };

  it('A mentions B with the keyboard; B sees the count rise live, opens the inbox and lands on the deal', async () => {
    await b.page.goto(`${server.url}/#/`);
    await bTab2.page.goto(`${server.url}/#/`);
    await b.page.getByTestId('inbox-bell').waitFor();
    // Being added to the board is one notification already.
    await expect.poll(() => count(b)).toBe(1);
    const before = await count(b);

    await gotoBoard(a.page, server.url, boardId, dealId);
    const input = a.page.getByTestId('comment-input');
    await input.click();
    await input.pressSequentially('@');
    const menu = a.page.getByTestId('mention-menu');
    await expect.poll(() => menu.getByRole('option').count()).toBe(2); // Bob and Cleo, not Ada herself
    const selected = () => menu.locator('[aria-selected="true"]').textContent();
    const first = await selected();
    await input.press('ArrowDown');
    expect(await selected()).not.toBe(first);
    await input.press('ArrowUp');
    expect(await selected()).toBe(first);
    await input.pressSequentially('Bo');
    await expect.poll(() => menu.getByRole('option').allTextContents()).toEqual(['Bob Noyce']);
    await input.press('Enter'); // picks, does not send
    expect(await input.inputValue()).toBe('@Bob Noyce ');
    await input.pressSequentially('can you check the term sheet?');
    await input.press('Enter');
    const chip = a.page.locator('.comment-body').getByTestId('mention-chip');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('@Bob Noyce');
    expect(await chip.getAttribute('data-user-id')).toBe(bob.id);

    await expect.poll(() => count(b)).toBe(before + 1);
    await expect.poll(() => count(bTab2)).toBe(before + 1);
    // A mention also toasts (the default setting).
    await b.page.locator('.toasts', { hasText: 'Ada Lovelace mentioned you on Amazon to invest in OpenAI' }).waitFor();

    // Back later: "while you were away" tops the inbox.
    await b.page.reload();
    await expect.poll(() => count(b)).toBe(before + 1);
    await b.page.getByTestId('inbox-bell').click();
    const digest = b.page.getByTestId('inbox-digest');
    await digest.waitFor();
    expect(await digest.textContent()).toContain('Mega-deals');
    expect(await digest.textContent()).toContain('Ada Lovelace mentioned @Bob Noyce on Amazon to invest in OpenAI');
    const item = b.page.getByTestId('inbox-item').first();
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('mention');
    expect(await item.textContent()).toContain('Ada Lovelace mentioned you on Amazon to invest in OpenAI');
    expect(await item.textContent()).toContain('@Bob Noyce can you check the term sheet?');
    expect(await item.textContent()).toContain('Mega-deals');
    await b.page.screenshot({ path: path.join(process.cwd(), 'docs/screenshots/inbox.png'), clip: { x: 1280 - 540, y: 0, width: 540, height: 480 } });

    // Escape closes the panel and nothing else.
    await b.page.keyboard.press('Escape');
    await b.page.getByTestId('inbox-panel').waitFor({ state: 'detached' });
    await b.page.getByTestId('inbox-bell').click();
    await item.click();
    await b.page.waitForURL((url) => url.hash === `#/b/${boardId}/d/${dealId}`);
    await b.page.locator('.comment-body').getByTestId('mention-chip').waitFor();
    // Read here, and on the other tab at once.
    await expect.poll(() => count(b)).toBe(before);
    await expect.poll(() => count(bTab2)).toBe(before);
  });

  it('watches follow the person: localStorage is migrated on first load, and a second device sees and changes the same watch', async () => {
    const other = await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'SoftBank adds $30B' });
    const otherId = other.body.deal.id;
    const watches = async () =>
      (await api<{ watches: Array<{ boardId: string; dealId: string | null; watching: boolean }> }>(server.url, bob, 'GET', '/api/me/watches')).body.watches;
    // Device 1 still has what an older version kept in this browser.
    const key = `tranche:watch:${bob.id}:${boardId}`;
    await b.page.evaluate(([k, id]) => localStorage.setItem(k!, JSON.stringify({ [id!]: true })), [key, otherId]);
    await b.page.reload(); // a fresh load of the app, as after an upgrade
    await gotoBoard(b.page, server.url, boardId, otherId);
    await expect.poll(async () => (await watches()).some((w) => w.dealId === otherId && w.watching)).toBe(true);
    await expect.poll(() => b.page.evaluate((k) => localStorage.getItem(k), key)).toBe(null);
    expect(await b.page.getByTestId('watch-deal').getAttribute('data-watching')).toBe('true');

    // Device 2: another browser context (own storage), same person.
    const device2 = await openAs(browser, server.url, bob);
    await gotoBoard(device2.page, server.url, boardId, otherId);
    const button = device2.page.getByTestId('watch-deal');
    await expect.poll(() => button.getAttribute('data-watching')).toBe('true');
    await button.click();
    await expect.poll(async () => (await watches()).find((w) => w.dealId === otherId)?.watching).toBe(false);
    // Device 1 follows at once, without a reload.
    await expect.poll(() => b.page.getByTestId('watch-deal').getAttribute('data-watching')).toBe('false');
    // Watch all deals, from the activity panel.
    await device2.page
      .getByRole('button', { name: /activity/i })
      .first()
      .click();
    await device2.page.getByTestId('watch-all').click();
    await expect.poll(async () => (await watches()).some((w) => w.boardId === boardId && w.dealId === null && w.watching)).toBe(true);

    // Settings are the person's, on the server: turned off on device 2, they hold everywhere.
    await device2.page.getByTestId('inbox-bell').click();
    await device2.page.getByRole('button', { name: 'Settings' }).click();
    await device2.page.getByRole('checkbox', { name: 'Moves of deals you watch: inbox' }).uncheck();
    await expect
      .poll(
        async () =>
          (await api<{ settings: { kinds: Record<string, { notify: boolean }> } }>(server.url, bob, 'GET', '/api/me/notification-settings')).body.settings.kinds
            .move?.notify,
      )
      .toBe(false);
    await device2.context.close();
  });
});
