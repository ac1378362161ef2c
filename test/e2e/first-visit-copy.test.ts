/**
 * A first visit applies the server's state with no update listeners (connection.ts,
 * quietFirstLoad: Yjs would otherwise encode it a second time before first paint),
 * so the device's copy must store the whole state on its own: this checks the copy in
 * IndexedDB holds the board the server sent, and that edits after it still reach the copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';

const TITLES = ['Amazon to invest in OpenAI', 'SoftBank adds $30B', 'Meta acquires Manus'];

/** The board's document as the device's copy holds it (every stored update applied). */
async function deviceCopy(page: Page, boardId: string): Promise<Y.Doc> {
  const updates = await page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) return resolve([]);
          const all = db.transaction('updates').objectStore('updates').getAll();
          all.onsuccess = () => {
            resolve((all.result as Uint8Array[]).map((u) => Array.from(u)));
            db.close();
          };
          all.onerror = () => reject(new Error(String(all.error)));
        };
      }),
    `tranche-board-${boardId}`,
  );
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return doc;
}

const titles = (doc: Y.Doc) =>
  [...dealsMap(doc).values()]
    .map((deal) => deal.get('title'))
    .filter((t): t is string => typeof t === 'string')
    .sort();

describe("a first visit's device copy", () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let a: Person;
  let boardId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const columnId = selectLanes(writer.doc)[0]?.column?.id ?? '';
    for (const title of TITLES) createDeal(writer.doc, { columnId, title }, userOrigin(ada.id));
    a = await openAs(browser, server.url, ada);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('stores the whole state the server sent, and the edits made after it', async () => {
    await gotoBoard(a.page, server.url, boardId);
    for (const title of TITLES) await card(a.page, title).waitFor();
    await expect.poll(async () => titles(await deviceCopy(a.page, boardId)), { timeout: 10_000 }).toEqual([...TITLES].sort());

    await openDeal(a.page, TITLES[0]!);
    const field = a.page.getByTestId('field-amount');
    await field.fill('50B');
    await field.press('Enter');
    await expect
      .poll(
        async () =>
          dealsMap(await deviceCopy(a.page, boardId))
            .get([...dealsMap(writer.doc).keys()].find((id) => dealsMap(writer.doc).get(id)?.get('title') === TITLES[0])!)
            ?.get('amount'),
        {
          timeout: 10_000,
        },
      )
      .toBe(50e9);
  });
});
