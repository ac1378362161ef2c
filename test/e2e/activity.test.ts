/**
 * Activity in two browsers: B watches a deal from its card, A moves it, B gets a toast naming A
 * and an unread badge, the activity panel shows the move and opens the deal, whose History tab
 * has both stages with their time; a deal closed as won toasts a non-watcher; nobody is toasted
 * for their own move; stale deals are marked; and events missed while B's socket was away
 * appear after it rejoins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { card, dragCardToLane, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';
import { createDeal, selectLanes, updateDeal, userOrigin } from '../../shared/src/board';

describe('activity, watching and deal toasts', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;
  let boardId: string;
  let writer: DocClient;
  const deals: Record<string, string> = {};

  let ada: TestUser;
  const activityCount = async () => (await api<unknown[]>(server.url, ada, 'GET', `/api/boards/${boardId}/activity?limit=200`)).body.length;
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (const start = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 25))) {
      if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    }
  }
  /** How many deal toasts ever appeared on the page (a MutationObserver counts them as they mount). */
  const toastsSeen = (p: Person) => p.page.evaluate(() => (window as unknown as { __toastsSeen?: number }).__toastsSeen ?? 0);

  beforeAll(async () => {
    server = await startServer({ activityQuietMs: 200 });
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Mega-deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');

    // Ada's deals exist before Bob opens the board: their creation is history, not news.
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const template = await activityCount(); // the template's columns
    const column = (name: string) => selectLanes(writer.doc).find((l) => l.column?.name === name)?.column?.id ?? '';
    const origin = userOrigin(ada.id);
    const amazon = createDeal(
      writer.doc,
      {
        columnId: column('Rumoured'),
        title: 'Amazon to invest in OpenAI',
        kind: 'investment',
        acquirer: 'Amazon',
        target: 'OpenAI',
        amount: 30_000_000_000,
        amountQualifier: 'up_to',
      },
      origin,
    );
    const softbank = createDeal(
      writer.doc,
      {
        columnId: column('Regulatory review'),
        title: 'SoftBank adds $30B',
        kind: 'investment',
        acquirer: 'SoftBank',
        target: 'OpenAI',
        amount: 30_000_000_000,
      },
      origin,
    );
    // Entered "In talks" (stale after 21 days) 40 days ago. A client's clock cannot say so (the
    // server stamps stageEnteredAt): the server's own write, as an import would, backdates it.
    const stale = await server.server.context.hub.applyAs(boardId, ada, (doc, as) =>
      createDeal(doc, { columnId: column('In talks'), title: 'Meta acquires Manus', kind: 'acquisition', acquirer: 'Meta', target: 'Manus' }, as, {
        now: new Date(Date.now() - 40 * 86_400_000),
      }),
    );
    if (!amazon.ok || !softbank.ok || !stale.ok) throw new Error('could not seed deals');
    deals.amazon = amazon.value.dealId;
    deals.softbank = softbank.value.dealId;
    await until(async () => (await activityCount()) === template + 3, 'the deals to be told');

    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob, { debug: true });
    for (const p of [a, b]) {
      await p.context.addInitScript(() => {
        const w = window as unknown as { __toastsSeen: number };
        w.__toastsSeen = 0;
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('[data-testid="deal-toast"]')) w.__toastsSeen++;
        }).observe(document, { childList: true, subtree: true });
      });
    }
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('B watches a deal from its card; A moves it; B gets a toast naming A and an unread badge', async () => {
    // History from before B arrived is not unread.
    await b.page.getByTestId('activity-toggle').waitFor();
    expect(await b.page.getByTestId('activity-unread').count()).toBe(0);

    const shell = card(b.page, 'Amazon to invest');
    await shell.hover();
    const bell = shell.getByRole('button', { name: 'Watch Amazon to invest in OpenAI' });
    await bell.click();
    await expect.poll(() => bell.getAttribute('aria-pressed')).toBe('true');
    // The click toggled watching, it did not open the deal.
    expect(await b.page.getByTestId('deal-drawer').count()).toBe(0);

    await dragCardToLane(a.page, 'Amazon to invest', 'In talks');
    await card(a.page, 'Amazon to invest', 'In talks').waitFor();

    const toast = b.page.getByTestId('deal-toast').filter({ hasText: 'Ada moved Amazon to invest in OpenAI to In talks' });
    await toast.waitFor();
    expect(await toast.getByRole('button', { name: 'Open deal' }).count()).toBe(1);
    const region = b.page.getByTestId('deal-toasts');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => b.page.getByTestId('activity-unread').textContent()).toBe('1');
    expect(await b.page.getByTestId('activity-toggle').getAttribute('aria-label')).toBe('Activity, 1 unread');
  });

  it("B's activity panel shows the move; opening it clears the badge", async () => {
    await b.page.getByTestId('activity-toggle').click();
    const panel = b.page.getByTestId('activity-panel');
    const entry = panel.locator('.activity-entry', { hasText: 'Ada moved Amazon to invest in OpenAI from Rumoured to In talks' });
    await entry.waitFor();
    expect(await panel.locator('.activity-day-title').first().textContent()).toBe('Today');
    // Older history is there too (A's deals being created), and all of it is text.
    await panel.locator('.activity-entry', { hasText: 'Ada created SoftBank adds $30B in Regulatory review' }).waitFor();
    expect(await b.page.getByTestId('activity-unread').count()).toBe(0);
    // Still read after a reload: the mark is kept per board.
    expect(await b.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('tranche:activity-read:')))).toBe(true);
  });

  it('an entry opens its deal; History shows both stages with time in each, and field changes in words', async () => {
    updateDeal(writer.doc, { dealId: deals.amazon ?? '', patch: { amount: 50_000_000_000 } }, userOrigin(a.user.id));
    const panel = b.page.getByTestId('activity-panel');
    await panel.locator('.activity-entry', { hasText: 'Ada changed amount on Amazon to invest in OpenAI' }).waitFor();
    expect(await panel.locator('.activity-entry', { hasText: 'Ada changed amount' }).locator('.activity-changes').textContent()).toBe(
      'Amount: up to $30B → up to $50B',
    );

    await panel.locator('.activity-entry', { hasText: 'from Rumoured to In talks' }).getByRole('button').click();
    const drawer = b.page.getByTestId('deal-drawer');
    await expect.poll(() => drawer.getByTestId('field-title').inputValue()).toBe('Amazon to invest in OpenAI');
    // The panel stays open beside the drawer, not under it.
    const sideBySide = async () => {
      const [p, d] = await Promise.all([panel.boundingBox(), drawer.boundingBox()]);
      return !!p && !!d && p.width > 300 && p.x + p.width <= d.x + 1;
    };
    await expect.poll(sideBySide).toBe(true);

    await drawer.getByRole('tab', { name: 'History' }).click();
    const stages = drawer.getByTestId('stage-row');
    await expect.poll(() => stages.count()).toBe(2);
    expect(await stages.nth(0).locator('.stage-label').textContent()).toMatch(/^Rumoured · (under a minute|\d+ minutes?)$/);
    expect(await stages.nth(1).locator('.stage-label').textContent()).toMatch(/^In talks · (under a minute|\d+ minutes?)$/);
    expect(await stages.nth(1).locator('.stage-now').textContent()).toBe('Now');
    const timeline = drawer.locator('.timeline');
    await timeline.getByText('Ada moved it from Rumoured to In talks').waitFor();
    await timeline.getByText('Ada created this deal in Rumoured').waitFor();
    expect(await timeline.locator('.activity-changes').first().textContent()).toBe('Amount: up to $30B → up to $50B');
  });

  it('a deal moved into Closed toasts a non-watcher; the mover is never toasted', async () => {
    await b.page.getByTestId('deal-drawer').getByRole('button', { name: 'Close deal' }).click();
    // B does not watch SoftBank (not the owner, never chose to).
    expect(
      await card(b.page, 'SoftBank adds')
        .getByRole('button', { name: /^Watch / })
        .getAttribute('aria-pressed'),
    ).toBe('false');

    const shell = card(a.page, 'SoftBank adds');
    await shell.focus();
    await a.page.keyboard.press('Space');
    await a.page.waitForTimeout(150);
    await a.page.keyboard.press('ArrowRight');
    await a.page.waitForTimeout(250);
    await a.page.keyboard.press('Space');
    await card(a.page, 'SoftBank adds', 'Closed').waitFor();

    await b.page.getByTestId('deal-toast').filter({ hasText: 'Ada moved SoftBank adds $30B to Closed — won 🎉' }).waitFor();
    await b.page.getByTestId('activity-panel').locator('.activity-entry', { hasText: 'marking it won' }).waitFor();
    await a.page.waitForTimeout(400);
    expect(await toastsSeen(a)).toBe(0);
    expect(await toastsSeen(b)).toBe(2);
  });

  it('stale deals are marked on their card and counted in their stage header', async () => {
    const stale = card(b.page, 'Meta acquires Manus', 'In talks');
    expect(await stale.locator('.meta-stale').textContent()).toBe('40d');
    expect(await stale.locator('.meta-stale').getAttribute('title')).toBe('Stale: 40 days in this stage');
    expect(await lane(b.page, 'In talks').locator('.lane-stale').textContent()).toBe('1 stale');
    // A fresh deal in the same stage is not.
    expect(await card(b.page, 'Amazon to invest', 'In talks').locator('.meta-stale').count()).toBe(0);
  });

  it('no gaps: events while B’s socket is away appear once it rejoins', async () => {
    const before = await activityCount();
    await b.page.evaluate(() =>
      (window as unknown as { __tranche: { connection: { socket: { disconnect(): void } } } }).__tranche.connection.socket.disconnect(),
    );
    updateDeal(writer.doc, { dealId: deals.amazon ?? '', patch: { probability: 40 } }, userOrigin(a.user.id));
    await expect.poll(activityCount).toBe(before + 1);
    const missed = b.page.getByTestId('activity-panel').locator('.activity-entry', { hasText: 'Ada changed probability' });
    expect(await missed.count()).toBe(0);
    await b.page.evaluate(() => (window as unknown as { __tranche: { connection: { socket: { connect(): void } } } }).__tranche.connection.socket.connect());
    await missed.waitFor();
    expect(await missed.locator('.activity-changes').textContent()).toBe('Probability: stage default → 40%');
    // Each event once.
    expect(await b.page.getByTestId('activity-panel').locator('.activity-entry').count()).toBe(before + 1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
