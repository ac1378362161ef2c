/**
 * Invitations in the browser: an invited person sees the invitation on the boards page
 * and joins with one click; a newcomer opens an invite link, signs up and lands on the
 * board; the sign-in page tells a person who forgot their password what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, createBoard, createUser, type TestUser } from '../helpers/clients';
import { launchBrowser, openAs } from '../helpers/browser';

describe('invitations', () => {
  let server: StartedServer;
  let browser: Browser;
  let olga: TestUser;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    boardId = await createBoard(server.url, olga, 'Invited deals');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows an invitation on the boards page and joins the board on Join', async () => {
    const pia = await createUser(server.url, 'Pia');
    expect((await api(server.url, olga, 'POST', `/api/boards/${boardId}/members`, { email: pia.email, role: 'editor' })).status).toBe(201);
    const person = await openAs(browser, server.url, pia);
    await person.page.goto(server.url);
    const invitation = person.page.locator('[data-invitation-board="Invited deals"]');
    await invitation.getByText('Olga invited you to Invited deals as an editor.').waitFor();
    await invitation.getByRole('button', { name: 'Join' }).click();
    await person.page.locator('.lanes').waitFor();
    expect(person.page.url()).toContain(`#/b/${boardId}`);
    expect(await server.store.getRole(boardId, pia.id)).toBe('editor');
    await person.context.close();
  });

  it('signs a newcomer up from an invite link into the board', async () => {
    const owner = await openAs(browser, server.url, olga);
    await owner.page.goto(server.url);
    await owner.page.getByRole('button', { name: 'Board actions for Invited deals' }).click();
    await owner.page.getByRole('menuitem', { name: 'Members…' }).click();
    const dialog = owner.page.getByRole('dialog');
    await dialog.getByLabel('Role for the invite link').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Create a one-time link' }).click();
    const link = await dialog.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/#\/invite\/inv_/);
    await dialog.locator('[data-invitation="link"]', { hasText: 'invited' }).waitFor();
    await owner.context.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByTestId('invite-offer').getByText('Olga invited you to Invited deals as a viewer.').waitFor();
    await page.getByLabel('Name').fill('Quinn');
    await page.getByLabel('Work email').fill(`quinn-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Create account' }).last().click();
    await page.getByText('This password is on a list of commonly used passwords: choose another.').waitFor();
    await page.getByLabel('Password').fill('quinn’s own passphrase');
    await page.getByRole('button', { name: 'Create account' }).last().click();
    await page.locator('.lanes').waitFor();
    expect(page.url()).toContain(`#/b/${boardId}`);
    await page.getByTestId('readonly-banner').waitFor();
    await context.close();
  });

  it('tells a person who forgot their password to ask the operator', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('forgot-password').getByText('npm run reset-password').waitFor();
    await context.close();
  });
});
