/**
 * Exports from the board menu (a viewer may export) and API tokens from the account menu:
 * a new token is shown once, works as a Bearer token, and stops working once revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';
import { createDeal, selectColumns, userOrigin } from '../../shared/src/board';

const TITLES = ['Amazon → OpenAI: up to $50B', 'Contoso buys Fabrikam, "all cash"'];

describe('exports and API tokens', () => {
  let server: StartedServer;
  let browser: Browser;
  let olga: TestUser;
  let victor: TestUser;
  let viewer: Person;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    victor = await createUser(server.url, 'Victor');
    boardId = await createBoard(server.url, olga, 'Q3 pipeline', 'pipeline');
    await addMember(server.url, olga, boardId, victor, 'viewer');
    const writer = connectDoc(server.url, olga, boardId);
    await writer.synced;
    const columnId = selectColumns(writer.doc).columns[0]?.id ?? '';
    for (const title of TITLES) createDeal(writer.doc, { columnId, title }, userOrigin(olga.id));
    viewer = await openAs(browser, server.url, victor);
    await viewer.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await gotoBoard(viewer.page, server.url, boardId);
    await card(viewer.page, 'Contoso buys Fabrikam').waitFor();
    writer.destroy();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a viewer exports the board as CSV and JSON from the board menu', async () => {
    const { page } = viewer;
    await page.getByRole('button', { name: 'Board actions' }).click();
    const csv = page.getByRole('menuitem', { name: 'Export CSV' });
    const json = page.getByRole('menuitem', { name: 'Export JSON' });
    expect(await csv.getAttribute('href')).toBe(`/api/boards/${boardId}/export.csv`);
    expect(await json.getAttribute('href')).toBe(`/api/boards/${boardId}/export.json`);
    expect(await csv.getAttribute('download')).not.toBeNull();
    expect(await json.getAttribute('download')).not.toBeNull();

    const [csvRes, jsonRes] = await page.evaluate(
      (hrefs) =>
        Promise.all(
          hrefs.map(async (href) => {
            const res = await fetch(href ?? '');
            return { status: res.status, disposition: res.headers.get('content-disposition'), text: await res.text() };
          }),
        ),
      [await csv.getAttribute('href'), await json.getAttribute('href')],
    );
    expect(csvRes?.status).toBe(200);
    expect(csvRes?.disposition).toContain('attachment; filename="Q3-pipeline.csv"');
    expect(csvRes?.text.split('\r\n')[0]).toMatch(/^id,title,kind,stage,acquirer,target,amount,/);
    expect(csvRes?.text).toContain('"Contoso buys Fabrikam, ""all cash"""');
    expect(jsonRes?.status).toBe(200);
    const data = JSON.parse(jsonRes?.text ?? '{}') as { deals: Array<{ title: string }> };
    expect(data.deals.map((d) => d.title).sort()).toEqual([...TITLES].sort());

    // Choosing the item downloads the file under the server's name and closes the menu.
    const [download] = await Promise.all([page.waitForEvent('download'), json.click()]);
    expect(download.suggestedFilename()).toBe('Q3-pipeline.json');
    expect(await page.getByRole('menu').count()).toBe(0);
  });

  it('creates a token shown once, usable as Bearer, and revokes it after a confirm step', async () => {
    const { page } = viewer;
    const openDialog = async () => {
      await page.getByRole('button', { name: /^Account:/ }).click();
      await page.getByRole('menuitem', { name: 'API tokens…' }).click();
      const dialog = page.getByRole('dialog', { name: 'API tokens' });
      await dialog.locator('.token-row[data-token-name="tests"]').waitFor();
      return dialog;
    };
    let dialog = await openDialog();

    // Validation beside the field.
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Give the token a name' }).waitFor();
    expect(await dialog.getByLabel('New token').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('New token').fill('CI export');
    await dialog.getByLabel('Access').selectOption('write');
    await dialog.getByLabel('Expires').selectOption('never');

    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = dialog.getByTestId('new-token');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^trk_[A-Za-z0-9_-]{43}$/);
    expect(await secret.getAttribute('readonly')).not.toBeNull();
    await dialog.getByText('You won’t see it again.').waitFor();
    expect(await dialog.getByTestId('token-usage').textContent()).toBe(`curl -H "Authorization: Bearer ${token}" ${server.url}/api/boards`);
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = dialog.locator('.token-row[data-token-name="CI export"]');
    await row.getByText('New', { exact: true }).waitFor();
    expect(await row.locator('.token-meta').textContent()).toBe('Read and write · all boards · never used');

    // The token works from outside the browser.
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(victor.email);

    // Shown once: gone after "I've copied it" and when the dialog is opened again.
    await dialog.getByRole('button', { name: 'I’ve copied it' }).click();
    expect(await dialog.getByTestId('new-token').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    dialog = await openDialog();
    await dialog.locator('.token-row[data-token-name="CI export"]').waitFor();
    expect(await page.content()).not.toContain(token);

    // Revoke asks first; Cancel keeps the token.
    const revoke = dialog.getByRole('button', { name: 'Revoke CI export' });
    await revoke.click();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await revoke.click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await dialog.locator('.token-row[data-token-name="CI export"]').waitFor({ state: 'detached' });
    expect(await dialog.locator('.token-row').count()).toBe(1);

    expect((await fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${victor.token}` } })).status).toBe(200);
    expect(viewer.errors).toEqual([]);
  });
});
