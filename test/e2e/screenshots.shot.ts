/**
 * Product screenshots for docs/screenshots (1280x800): sign-in, boards list, the board and the
 * deal drawer in light, and the board and drawer in dark, plus a narrow (phone) board, with
 * colleagues live on the board; the activity panel with a deal toast, and a deal's History; the table,
 * insights (light and dark), the CSV import preview, and the board's first paint from the server's preview. Run with `npm run screenshots` (not part of `npm test`, so a test run never
 * rewrites the docs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';
import { addComment, createDeal, moveDeal, readDeals, selectLanes, updateDeal, userOrigin, isValid, type MutationOrigin } from '../../shared/src/board';
import type { ActivityData, ActivityEvent } from '../../shared/src/events';
import { makeEvent } from '../../server/src/activity/eventFactory';

const OUT = path.resolve('docs/screenshots');

async function loginCookie(url: string, email: string, password: string): Promise<TestUser> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ email, password }),
  });
  const { user } = (await res.json()) as { user: { id: string; email: string; name: string } };
  return { ...user, token: '', cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

describe('screenshots', () => {
  let server: StartedServer;
  let browser: Browser;
  let demo: TestUser;
  let bob: TestUser;
  let grace: TestUser;
  let boardId: string;
  let writer: DocClient;
  const people: Person[] = [];

  beforeAll(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    server = await startServer({ demo: true });
    const seed = server.server.demo;
    if (!seed) throw new Error('no demo seed');
    boardId = seed.boardId;
    browser = await launchBrowser();
    demo = await loginCookie(server.url, seed.email, seed.password);
    bob = await createUser(server.url, 'Bob Marsh');
    grace = await createUser(server.url, 'Grace Liu');
    // The demo user invites Bob and Grace (cookie session); they accept.
    for (const member of [bob, grace]) {
      const invited = await fetch(`${server.url}/api/boards/${boardId}/members`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: demo.cookie, Origin: server.url },
        body: JSON.stringify({ email: member.email, role: 'editor' }),
      });
      const { invitation } = (await invited.json()) as { invitation: { id: string } };
      await fetch(`${server.url}/api/invitations/${invitation.id}/accept`, { method: 'POST', headers: { Cookie: member.cookie, Origin: server.url } });
    }
    // Boards shared with the demo user, to show roles in the list.
    const emea = await createBoard(server.url, bob, 'EMEA mid-market pipeline', 'pipeline');
    await addMember(server.url, bob, emea, demo, 'editor');
    const watch = await createBoard(server.url, grace, 'Portfolio watchlist', 'pipeline');
    await addMember(server.url, grace, watch, demo, 'viewer');

    // Spread the demo deals over the stages and give them owners and dates.
    writer = connectDoc(server.url, demo, boardId, { useCookie: true, origin: server.url });
    await writer.synced;
    const doc = writer.doc;
    const origin = userOrigin(demo.id);
    const columns = selectLanes(doc)
      .map((l) => l.column)
      .filter((c) => c !== null);
    const byName = (n: string) => columns.find((c) => c.name === n)?.id ?? '';
    const deal = (prefix: string) =>
      readDeals(doc)
        .filter(isValid)
        .find((d) => d.title.startsWith(prefix))?.id ?? '';
    moveDeal(doc, { dealId: deal('NVIDIA'), toColumnId: byName('Rumoured') }, origin);
    moveDeal(doc, { dealId: deal('Microsoft'), toColumnId: byName('Rumoured') }, origin);
    moveDeal(doc, { dealId: deal('SoftBank'), toColumnId: byName('Agreed') }, origin);
    updateDeal(doc, { dealId: deal('SoftBank'), patch: { probability: 70, expectedClose: '2026-03-31', ownerId: bob.id } }, origin);
    updateDeal(doc, { dealId: deal('Amazon → OpenAI'), patch: { expectedClose: '2026-04-30', probability: 40 } }, origin);
    updateDeal(doc, { dealId: deal('OpenAI funding'), patch: { ownerId: grace.id, expectedClose: '2026-06-30' } }, origin);
    updateDeal(doc, { dealId: deal('Microsoft'), patch: { ownerId: grace.id } }, origin);
    await new Promise((r) => setTimeout(r, 500));
  }, 120_000);

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('takes the light screenshots', async () => {
    const anon = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const signIn = await anon.newPage();
    await signIn.goto(server.url);
    await signIn.locator('#auth-email').waitFor();
    await signIn.screenshot({ path: `${OUT}/signin-light.png` });
    await anon.close();

    const me = await openAs(browser, server.url, demo, { colorScheme: 'light' });
    people.push(me);
    await me.page.goto(server.url);
    await me.page.locator('.board-tile-stages span').first().waitFor();
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/boards-light.png` });

    // Colleagues arrive: Bob opens a deal, Grace edits the notes of the big one.
    const b = await openAs(browser, server.url, bob);
    const g = await openAs(browser, server.url, grace);
    people.push(b, g);
    const amazon = readDeals(writer.doc)
      .filter(isValid)
      .find((d) => d.title.startsWith('Amazon → OpenAI'));
    const softbank = readDeals(writer.doc)
      .filter(isValid)
      .find((d) => d.title.startsWith('SoftBank'));
    await gotoBoard(b.page, server.url, boardId, softbank?.id);
    await gotoBoard(g.page, server.url, boardId, amazon?.id);
    await gotoBoard(me.page, server.url, boardId);
    await me.page.locator('.card-presence').first().waitFor();
    await me.page.waitForTimeout(600);
    await me.page.screenshot({ path: `${OUT}/board-light.png` });

    await card(me.page, 'Amazon → OpenAI').click();
    await me.page.getByTestId('deal-drawer').waitFor();
    const notes = g.page.getByTestId('notes');
    await notes.click();
    await notes.press('Control+End');
    await g.page.keyboard.type(' Next: confirm whether AWS chips are part of the terms.', { delay: 5 });
    await b.page.goto(`${server.url}/#/b/${boardId}/d/${amazon?.id}`);
    await b.page.getByTestId('comment-input').fill('Checking with our AWS contact');
    await me.page.getByTestId('typing-indicator').getByText('typing').waitFor();
    await me.page.locator('.cm-ySelectionCaret').first().waitFor();
    await me.page
      .getByTestId('deal-drawer')
      .locator('.drawer-body')
      .evaluate((el) => el.scrollTo(0, 560));
    await me.page.waitForTimeout(400);
    await me.page.screenshot({ path: `${OUT}/drawer-light.png` });
    await me.page
      .getByTestId('deal-drawer')
      .locator('.drawer-body')
      .evaluate((el) => el.scrollTo(0, 0));
    await me.page.waitForTimeout(200);
    await me.page.screenshot({ path: `${OUT}/drawer-top-light.png` });
  });

  it('takes the dark and narrow screenshots', async () => {
    const dark = await openAs(browser, server.url, demo, { colorScheme: 'dark' });
    await gotoBoard(dark.page, server.url, boardId);
    await dark.page.locator('.card').first().waitFor();
    await dark.page.waitForTimeout(500);
    await dark.page.screenshot({ path: `${OUT}/board-dark.png` });
    await card(dark.page, 'OpenAI funding round').click();
    await dark.page.getByTestId('deal-drawer').waitFor();
    await dark.page.waitForTimeout(400);
    await dark.page.screenshot({ path: `${OUT}/drawer-dark.png` });

    const phone = await openAs(browser, server.url, demo, { viewport: { width: 390, height: 844 } });
    await gotoBoard(phone.page, server.url, boardId);
    await phone.page.locator('.card').first().waitFor();
    await phone.page.evaluate(() => document.querySelector('.board-scroll')?.scrollTo({ left: 350 }));
    await phone.page.waitForTimeout(500);
    await phone.page.screenshot({ path: `${OUT}/board-narrow.png` });
  });

  it('takes the activity screenshots', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const ago = (days: number, hours = 0) => new Date(now - days * DAY - hours * 3_600_000);
    const hub = server.server.context.hub;
    const columnId = (n: string) => selectLanes(writer.doc).find((l) => l.column?.name === n)?.column?.id ?? '';
    const [rumoured, inTalks, agreed] = [columnId('Rumoured'), columnId('In talks'), columnId('Agreed')];
    // A deal with six weeks of history. The document change is made silently (an origin the room
    // does not attribute, so it tells nothing), and its history goes to the store with the times
    // it would have had: exactly what a board that lived those weeks holds.
    const quiet = (user: TestUser) => ({ userId: user.id }) as unknown as MutationOrigin;
    const label = 'NVIDIA → Anthropic';
    const history: ActivityEvent[] = [];
    const tell = <K extends ActivityEvent['type']>(user: TestUser, type: K, at: Date, summary: string, data: ActivityData[K], dealId?: string) =>
      history.push(makeEvent({ boardId, actor: { id: user.id, name: user.name }, type, at, summary, data, ...(dealId ? { dealId } : {}) }));
    const dealId = await hub.write(
      boardId,
      (doc) => {
        const created = createDeal(
          doc,
          {
            columnId: rumoured,
            title: 'NVIDIA → Anthropic: up to $10B',
            kind: 'investment',
            acquirer: 'NVIDIA',
            target: 'Anthropic',
            amount: 5e9,
            amountQualifier: 'up_to',
            tags: ['AI', 'chips'],
          },
          quiet(grace),
          { now: ago(41) },
        );
        if (!created.ok) throw new Error('could not create the history deal');
        const id = created.value.dealId;
        addComment(doc, { dealId: id, body: 'Hearing NVIDIA wants a compute commitment alongside the equity.' }, quiet(bob), { now: ago(33) });
        moveDeal(doc, { dealId: id, toColumnId: inTalks }, quiet(bob), { now: ago(29) });
        updateDeal(doc, { dealId: id, patch: { amount: 10e9 } }, quiet(grace), { now: ago(17) });
        moveDeal(doc, { dealId: id, toColumnId: agreed }, quiet(demo), { now: ago(12) });
        updateDeal(doc, { dealId: id, patch: { probability: 70, ownerId: grace.id, expectedClose: '2027-02-26' } }, quiet(demo), { now: ago(12, -1) });
        addComment(doc, { dealId: id, body: 'Term sheet expected this week; Microsoft is said to join with up to $5B.' }, quiet(bob), { now: ago(1, 3) });
        return id;
      },
      quiet(demo),
    );
    tell(
      grace,
      'deal.created',
      ago(41),
      `Grace Liu created ${label} in Rumoured`,
      { columnId: rumoured, columnName: 'Rumoured', title: 'NVIDIA → Anthropic: up to $10B', acquirer: 'NVIDIA', target: 'Anthropic' },
      dealId,
    );
    tell(
      bob,
      'comment.added',
      ago(33),
      `Bob Marsh commented on ${label}`,
      { commentId: 'c1', excerpt: 'Hearing NVIDIA wants a compute commitment alongside the equity.' },
      dealId,
    );
    tell(
      bob,
      'deal.moved',
      ago(29),
      `Bob Marsh moved ${label} from Rumoured to In talks`,
      { from: rumoured, to: inTalks, fromName: 'Rumoured', toName: 'In talks' },
      dealId,
    );
    tell(grace, 'deal.updated', ago(17), `Grace Liu changed amount on ${label}`, { fields: { amount: { from: 5e9, to: 10e9 } } }, dealId);
    tell(
      demo,
      'deal.moved',
      ago(12),
      `Demo Analyst moved ${label} from In talks to Agreed`,
      { from: inTalks, to: agreed, fromName: 'In talks', toName: 'Agreed' },
      dealId,
    );
    tell(
      demo,
      'deal.updated',
      ago(12, -1),
      `Demo Analyst changed probability, owner, expected close on ${label}`,
      { fields: { probability: { from: null, to: 70 }, ownerId: { from: null, to: grace.id }, expectedClose: { from: null, to: '2027-02-26' } } },
      dealId,
    );
    tell(
      bob,
      'comment.added',
      ago(1, 3),
      `Bob Marsh commented on ${label}`,
      { commentId: 'c2', excerpt: 'Term sheet expected this week; Microsoft is said to join with up to $5B.' },
      dealId,
    );
    await server.store.addActivity(history);

    const me = await openAs(browser, server.url, demo, { colorScheme: 'light' });
    await gotoBoard(me.page, server.url, boardId);
    await me.page.locator('.card').first().waitFor();

    // Colleagues at work: Grace updates a probability, Bob comments; then Bob closes SoftBank as won.
    const bobDoc = connectDoc(server.url, bob, boardId);
    const graceDoc = connectDoc(server.url, grace, boardId);
    await Promise.all([bobDoc.synced, graceDoc.synced]);
    const find = (doc: DocClient, prefix: string) =>
      readDeals(doc.doc)
        .filter(isValid)
        .find((d) => d.title.startsWith(prefix))?.id ?? '';
    updateDeal(graceDoc.doc, { dealId: find(graceDoc, 'Amazon → OpenAI'), patch: { amount: 60e9 } }, userOrigin(grace.id));
    addComment(
      bobDoc.doc,
      { dealId: find(bobDoc, 'Amazon → OpenAI'), body: 'AWS contact confirms Trainium capacity is part of the discussion.' },
      userOrigin(bob.id),
    );
    await me.page.getByTestId('activity-unread').waitFor();
    await me.page.getByTestId('activity-toggle').click();
    await me.page.getByTestId('activity-panel').locator('.activity-entry').first().waitFor();
    await me.page.waitForTimeout(300);
    moveDeal(bobDoc.doc, { dealId: find(bobDoc, 'SoftBank'), toColumnId: columnId('Closed') }, userOrigin(bob.id));
    await me.page.getByTestId('deal-toast').waitFor();
    await me.page.waitForTimeout(1_800);
    await me.page.mouse.move(600, 300);
    await me.page.screenshot({ path: `${OUT}/activity.png` });

    await me.page.getByTestId('activity-panel').getByRole('button', { name: 'Close activity' }).click();
    await me.page.getByTestId('deal-toast').getByRole('button', { name: 'Dismiss' }).click();
    await card(me.page, 'NVIDIA → Anthropic').click();
    await me.page.getByTestId('deal-drawer').getByRole('tab', { name: 'History' }).click();
    await me.page.locator('.timeline-item').nth(6).waitFor();
    await me.page.waitForTimeout(400);
    await me.page.screenshot({ path: `${OUT}/timeline.png` });
    bobDoc.destroy();
    graceDoc.destroy();
  });

  it('takes the table, insights and import screenshots', async () => {
    const me = await openAs(browser, server.url, demo, { colorScheme: 'light' });
    await me.page.goto(`${server.url}/#/b/${boardId}/table`);
    await me.page.locator('.table-row').first().waitFor();
    await me.page.getByRole('columnheader', { name: 'Amount' }).click();
    await me.page.locator('.table-row').nth(1).locator('[data-column="title"]').click();
    await me.page
      .locator('.table-row')
      .nth(2)
      .locator('[data-column="title"]')
      .click({ modifiers: ['Shift'] });
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/table-light.png` });
    const dark = await openAs(browser, server.url, demo, { colorScheme: 'dark' });
    await dark.page.goto(`${server.url}/#/b/${boardId}/table`);
    await dark.page.locator('.table-row').first().waitFor();
    await dark.page.waitForTimeout(300);
    await dark.page.screenshot({ path: `${OUT}/table-dark.png` });

    await me.page.goto(`${server.url}/#/b/${boardId}/insights`);
    await me.page.locator('.insights-chart canvas').first().waitFor();
    await me.page.waitForTimeout(900);
    await me.page.screenshot({ path: `${OUT}/insights-light.png` });
    await dark.page.goto(`${server.url}/#/b/${boardId}/insights`);
    await dark.page.locator('.insights-chart canvas').first().waitFor();
    await dark.page.waitForTimeout(900);
    await dark.page.screenshot({ path: `${OUT}/insights-dark.png` });

    await me.page.goto(`${server.url}/#/b/${boardId}`);
    await me.page.locator('.card').first().waitFor();
    await me.page.getByRole('button', { name: 'Board actions' }).click();
    await me.page.getByRole('menuitem', { name: 'Import CSV…' }).click();
    const csv = [
      'Deal - ID,Deal - Title,Deal - Organization,Deal - Value,Deal - Currency,Deal - Stage,Deal - Expected close date,Deal - Probability',
      'PD-101,Mistral Series C,General Catalyst,€1.7B,EUR,In talks,2026-05-31,35',
      'PD-102,xAI debt round,Morgan Stanley,$5B,USD,Rumoured,2026-06-30,20',
      'PD-103,Perplexity strategic,SoftBank,"1,5B",USD,Term sheet,,',
      'PD-104,Databricks tender,Thrive,$10B,USD,Term sheet,2026-04-15,50',
    ].join('\n');
    await me.page.getByTestId('import-file').setInputFiles({ name: 'pipedrive-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await me.page.getByTestId('import-preview').waitFor();
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/import.png` });
  });

  it('takes the history screenshot', async () => {
    const me = await openAs(browser, server.url, demo, { colorScheme: 'light' });
    people.push(me);
    await me.page.goto(`${server.url}/#/b/${boardId}?at=${encodeURIComponent('2026-01-12T14:03:00.000Z')}`);
    await me.page.getByTestId('history-banner').waitFor();
    await me.page.locator('.history-tick').nth(5).waitFor();
    await card(me.page, 'Meta acquires Manus', 'Closed').waitFor();
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/history-scrubber.png` });
    await me.page.getByTestId('what-changed-open').click();
    await me.page.getByTestId('waterfall').waitFor();
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/history-waterfall.png` });
  });

  it('takes the preview screenshot', async () => {
    const me = await openAs(browser, server.url, demo, { colorScheme: 'light' });
    people.push(me);
    // The document socket is held open and silent, so the preview stays on screen.
    await me.page.routeWebSocket(/\/yjs/, () => {});
    await me.page.goto(`${server.url}/#/b/${boardId}`);
    await me.page.getByTestId('board-preview').locator('.card').first().waitFor();
    await me.page.waitForTimeout(300);
    await me.page.screenshot({ path: `${OUT}/board-preview.png` });
  });
});
