/**
 * Signing up and in (with the errors people hit), signing out, creating a board from a template,
 * and an owner inviting someone, changing their role and removing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createUser } from '../helpers/clients';
import { launchBrowser } from '../helpers/browser';

describe('accounts and boards', () => {
  let server: StartedServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const email = `ada-${Date.now()}@example.com`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs up, with clear errors first', async () => {
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Create account' }).click();
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Work email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).last().click();
    await page.getByText('Enter a valid email address.').waitFor();
    await page.getByText('Use at least 8 characters.').waitFor();
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).last().click();
    await page.getByRole('heading', { name: 'Boards', exact: true }).waitFor();
  });

  it('creates a board from the pipeline template', async () => {
    await page.getByRole('button', { name: 'New board' }).first().click();
    await page.getByLabel('Name').fill('AI infrastructure deals');
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.locator('.lanes').waitFor();
    await expect.poll(() => page.locator('.lane-title').count()).toBe(6);
    await page.getByRole('link', { name: 'All boards', exact: true }).click();
    await page.locator('.board-tile', { hasText: 'AI infrastructure deals' }).locator('.badge-owner').waitFor();
  });

  it('lets the owner invite, change the role of and remove a member', async () => {
    const grace = await createUser(server.url, 'Grace');
    await page.getByRole('button', { name: 'Board actions for AI infrastructure deals' }).click();
    await page.getByRole('menuitem', { name: 'Members…' }).click();
    const dialog = page.getByRole('dialog');
    // Inviting makes a pending invitation, for an unknown email as for a known one.
    await dialog.getByLabel('Invite by email').fill('nobody@example.com');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.locator('[data-invitation="nobody@example.com"]', { hasText: 'invited' }).waitFor();
    await dialog.getByLabel('Invite by email').fill(grace.email);
    await dialog.getByLabel('Role', { exact: true }).selectOption('viewer');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.locator(`[data-invitation="${grace.email}"]`).waitFor();
    // Grace accepts (her side is covered by invitations.test.ts); the owner reopens the dialog.
    const mine = (await fetch(`${server.url}/api/invitations`, { headers: { Cookie: grace.cookie } }).then((r) => r.json())) as Array<{ id: string }>;
    expect(
      (await fetch(`${server.url}/api/invitations/${mine[0]?.id}/accept`, { method: 'POST', headers: { Cookie: grace.cookie, Origin: server.url } })).status,
    ).toBe(200);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Board actions for AI infrastructure deals' }).click();
    await page.getByRole('menuitem', { name: 'Members…' }).click();
    const row = dialog.locator(`[data-member-email="${grace.email}"]`);
    await row.waitFor();
    expect(await row.getByLabel('Role of Grace').inputValue()).toBe('viewer');
    await row.getByLabel('Role of Grace').selectOption('editor');
    await expect
      .poll(
        async () =>
          (
            (await fetch(`${server.url}/api/boards`, { headers: { Authorization: `Bearer ${grace.token}` } }).then((r) => r.json())) as Array<{ role: string }>
          )[0]?.role,
      )
      .toBe('editor');
    await row.getByRole('button', { name: 'Remove Grace' }).click();
    // One click only asks; the second removes.
    const confirm = row.getByRole('button', { name: 'Remove Grace?' });
    await confirm.waitFor();
    expect(await row.count()).toBe(1);
    await confirm.click();
    await expect.poll(() => row.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('signs out, and a wrong password is refused clearly', async () => {
    await page.getByRole('button', { name: /Account/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await page.getByText('That email and password do not match an account.').waitFor();
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await page.locator('.board-tile', { hasText: 'AI infrastructure deals' }).waitFor();
  });
});
