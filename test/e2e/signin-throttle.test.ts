/**
 * 17.12: after repeated wrong passwords the sign-in page shows the real wait the server
 * imposes (its backoff), not a vague "wait a minute", and the person can sign in after it.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { Agent, signup } from '../helpers/http';
import { launchBrowser } from '../helpers/browser';

describe('sign-in throttle in the browser', () => {
  let server: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ loginMaxFailures: 2 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows "try again in N seconds" from the server', async () => {
    const email = `tess-${Date.now()}@example.com`;
    await signup(new Agent(server.url), { email, name: 'Tess', password: 'tess passphrase' });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(server.url);
    await page.getByLabel('Work email').fill(email);
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Password').fill(`wrong ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).last().click();
      await page.getByText('That email and password do not match an account.').waitFor();
      await page.getByLabel('Password').fill('');
    }
    await page.getByLabel('Password').fill('tess passphrase');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await page
      .getByRole('alert')
      .getByText(/^Too many failed sign-ins; try again in \d+ seconds?\.$/)
      .waitFor();
    await context.close();
  });
});
