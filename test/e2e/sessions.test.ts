/**
 * 8.11 in the browser: the account menu lists signed-in devices, signs one out (its next
 * request is refused) and signs out everywhere (back to the sign-in page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createUser } from '../helpers/clients';
import { Agent } from '../helpers/http';
import { launchBrowser, openAs } from '../helpers/browser';

describe('signed-in devices', () => {
  let server: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists sessions, signs another one out, then signs out everywhere', async () => {
    const sam = await createUser(server.url, 'Sam');
    const phone = new Agent(server.url);
    expect(
      (
        await phone.post(
          '/api/auth/login',
          { email: sam.email, password: 'correct horse battery' },
          { headers: { 'User-Agent': 'Mozilla/5.0 (iPhone) Safari/604.1' } },
        )
      ).status,
    ).toBe(200);

    const person = await openAs(browser, server.url, sam);
    const { page } = person;
    await page.goto(server.url);
    await page.getByRole('button', { name: /Account/ }).click();
    await page.getByRole('menuitem', { name: 'Signed-in devices…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signed-in devices' });
    await dialog.getByText('This browser').waitFor();
    const phoneRow = dialog.locator('[data-session-id]', { hasText: 'Safari on iOS' });
    await phoneRow.getByRole('button', { name: 'Sign out' }).click();
    await phoneRow.waitFor({ state: 'detached' });
    expect((await phone.get('/api/auth/me')).status).toBe(401);

    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: sam.cookie } })).status).toBe(401);
    expect(person.errors).toEqual([]);
  });
});
