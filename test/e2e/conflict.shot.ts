/**
 * `npm run screenshots`: the conflict notice (docs/screenshots/conflict.png). Ada edits the
 * amount offline while Bob changes it online; back online, the loser's drawer shows the notice.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';

const OUT = path.resolve('docs/screenshots');

describe('conflict screenshot', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada Lovelace');
    const bob = await createUser(server.url, 'Bob Noyce');
    const boardId = await createBoard(server.url, ada, 'Frontier AI deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const column = selectLanes(writer.doc)[1]?.column?.id ?? '';
    createDeal(
      writer.doc,
      {
        columnId: column,
        title: 'Amazon to invest up to $50B in OpenAI',
        kind: 'investment',
        acquirer: 'Amazon',
        target: 'OpenAI',
        amount: 50_000_000_000,
        amountQualifier: 'up_to',
      },
      userOrigin(ada.id),
    );
    a = await openAs(browser, server.url, ada, { viewport: { width: 1280, height: 760 } });
    b = await openAs(browser, server.url, bob, { viewport: { width: 1280, height: 760 } });
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
    await Promise.all([openDeal(a.page, 'Amazon to invest'), openDeal(b.page, 'Amazon to invest')]);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('takes conflict.png', async () => {
    await a.context.setOffline(true);
    await a.page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor({ timeout: 10_000 });
    await a.page.getByTestId('field-amount').fill('40B');
    await a.page.getByTestId('field-amount').press('Enter');
    await b.page.getByTestId('field-amount').fill('60B');
    await b.page.getByTestId('field-amount').press('Enter');
    await b.page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    await a.context.setOffline(false);
    await Promise.all([a.page.getByTestId('conflict-notice').waitFor({ timeout: 15_000 }), b.page.getByTestId('conflict-notice').waitFor({ timeout: 15_000 })]);
    const loser = (await a.page.getByTestId('conflict-notice').getByRole('button', { name: 'Use mine' }).count()) > 0 ? a : b;
    await loser.page.waitForTimeout(400);
    await loser.page.screenshot({ path: `${OUT}/conflict.png` });
  });
});
