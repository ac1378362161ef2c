/**
 * An automated accessibility check (axe-core, injected into real Chromium) over the board, the
 * deal drawer, the activity panel and the dialogs, in light and dark: no serious or critical
 * WCAG 2.1 A/AA violations (contrast, nested controls, names, landmarks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';
import { addComment, createDeal, selectColumns, userOrigin } from '../../shared/src/board';

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe over the page (or one part of it) and returns the serious and critical findings. */
async function seriousViolations(page: Page, include?: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source); // evaluated by the driver: the page's CSP allows no inline script
  // Colours are measured as painted: let opening transitions (the drawer, dialogs) finish first.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  return page.evaluate(async (selector) => {
    const w = window as unknown as { axe: typeof axe };
    // axe's default rule set: WCAG 2.x A/AA and best practices (its experimental rules stay off).
    const result = await w.axe.run(selector ? { include: [selector] } : document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`),
      }));
  }, include);
}

describe('accessibility (axe-core)', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let boardId: string;
  let writer: DocClient;
  const people: Person[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada Lovelace');
    const bob = await createUser(server.url, 'Bob Marsh');
    boardId = await createBoard(server.url, ada, 'Accessible deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const [first, second] = selectColumns(writer.doc).columns;
    const origin = userOrigin(ada.id);
    const made = createDeal(
      writer.doc,
      {
        columnId: first!.id,
        title: 'Amazon invests in OpenAI',
        acquirer: 'Amazon',
        target: 'OpenAI',
        amount: 50e9,
        amountQualifier: 'up_to',
        tags: ['AI', 'cloud'],
        ownerId: ada.id,
        links: ['https://example.com/a'],
      },
      origin,
    );
    if (!made.ok) throw new Error(made.error.message);
    addComment(writer.doc, { dealId: made.value.dealId, body: 'Reported by two outlets.' }, origin);
    createDeal(writer.doc, { columnId: second!.id, title: 'SoftBank adds $30B', amount: 30e9, ownerId: bob.id }, origin);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the board, drawer, activity panel and dialogs have no serious violations (${colorScheme})`, async () => {
      const person = await openAs(browser, server.url, ada, { colorScheme });
      people.push(person);
      const { page } = person;
      await gotoBoard(page, server.url, boardId);
      await page.locator('.card-title', { hasText: 'Amazon invests' }).waitFor();
      expect(await seriousViolations(page), 'board').toEqual([]);
      // One main landmark, and my own avatar once in the header (the account button).
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.locator('header').getByRole('img', { name: 'Ada Lovelace' }).count()).toBe(1);

      await openDeal(page, 'Amazon invests');
      await page.locator('.comment', { hasText: 'Reported by two outlets.' }).waitFor();
      expect(await seriousViolations(page), 'drawer').toEqual([]);
      await page.getByRole('tab', { name: 'History' }).click();
      await page
        .getByRole('tabpanel')
        .getByText(/created this deal/)
        .first()
        .waitFor();
      expect(await seriousViolations(page), 'drawer history').toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByTestId('activity-toggle').click();
      await page.getByTestId('activity-panel').waitFor();
      expect(await seriousViolations(page), 'activity panel').toEqual([]);
      await page.getByTestId('activity-toggle').click();

      await page.getByRole('button', { name: /Share/ }).click();
      await page.getByRole('dialog', { name: 'Members' }).locator('.member-row').first().waitFor();
      expect(await seriousViolations(page, 'dialog[open]'), 'members dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /Actions for stage Rumoured/ }).click();
      await page.getByRole('menuitem', { name: /Stage settings/ }).click();
      await page.locator('dialog[open]').waitFor();
      expect(await seriousViolations(page, 'dialog[open]'), 'stage settings dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.locator('.board-name').click();
      await page.keyboard.press('?');
      await page.getByTestId('shortcut-sheet').waitFor();
      expect(await seriousViolations(page, 'dialog[open]'), 'shortcut sheet').toEqual([]);
      await page.keyboard.press('Escape');
      expect(person.errors).toEqual([]);
    });
  }
});
