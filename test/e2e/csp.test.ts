/**
 * The built client runs under the server's Content-Security-Policy (no inline scripts):
 * the sign-in page, the boards list and a board load in Chromium with no CSP violation
 * reported (zod's eval probe was one until the client set it jitless).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createBoard, createUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs } from '../helpers/browser';

/** Records every CSP violation the page reports (DOM event and console). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__reportCsp', (what: string) => violations.push(what));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

describe('Content-Security-Policy in Chromium', () => {
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

  it('loads sign-in, boards and a board with no violation', async () => {
    const anonymous = await browser.newPage();
    const seenAnon = await watchViolations(anonymous);
    const response = await anonymous.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await anonymous.getByRole('button', { name: 'Sign in' }).first().waitFor();
    expect(seenAnon).toEqual([]);

    const ada = await createUser(server.url, 'Ada');
    const boardId = await createBoard(server.url, ada, 'CSP board');
    const person = await openAs(browser, server.url, ada);
    const seen = await watchViolations(person.page);
    await person.page.goto(server.url);
    await person.page.getByText('CSP board').first().waitFor();
    await gotoBoard(person.page, server.url, boardId);
    const doc = await person.page.evaluate(() => document.title);
    expect(doc).toContain('Tranche');
    expect(seen).toEqual([]);
    expect(person.errors).toEqual([]);
  });
});
