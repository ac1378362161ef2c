/**
 * Opening a board: the document socket opens at once, in parallel with the board's details
 * (GET /api/boards/:id) and the event socket's join, instead of after both; and a board the
 * user may not see, although its connection opened before the details said so, leaves no copy
 * on the device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { boardDatabases, card, launchBrowser, openAs } from '../helpers/browser';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';

const TITLE = 'Amazon to invest in OpenAI';

describe('opening a board', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let boardId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    createDeal(writer.doc, { columnId: selectLanes(writer.doc)[0]?.column?.id ?? '', title: TITLE }, userOrigin(ada.id));
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('opens the document socket while the board details are still on their way', async () => {
    const person = await openAs(browser, server.url, ada, { serviceWorkers: 'block' });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await person.page.route(
      (url) => url.pathname === `/api/boards/${boardId}`,
      async (route) => {
        await held;
        await route.continue();
      },
    );
    const documentSocket = person.page.waitForEvent('websocket', { predicate: (ws) => ws.url().includes('/yjs/'), timeout: 8_000 });
    await person.page.goto(`${server.url}/#/b/${boardId}`);
    // Before, the document waited for the details and then for the event socket's join.
    expect((await documentSocket).url()).toContain(boardId);
    release();
    await card(person.page, TITLE).waitFor({ timeout: 8_000 });
    await person.context.close();
  });

  it('a board the user may not see leaves no copy on the device', async () => {
    const eve = await createUser(server.url, 'Eve');
    const person = await openAs(browser, server.url, eve);
    await person.page.goto(`${server.url}/#/b/${boardId}`);
    await person.page.getByText('Board not found').waitFor({ timeout: 8_000 });
    expect(await boardDatabases(person.page)).toEqual([]);
    await person.context.close();
  });
});
