/**
 * A first visit applies the server's state with no update listeners (connection.ts,
 * quietFirstLoad: Yjs would otherwise encode it a second time before first paint),
 * so the device's copy must store the whole state on its own: this checks the copy in
 * IndexedDB holds the board the server sent, and that edits after it still reach the copy.
 * A repeat visit applies the copy the same way (no listener needs it: the copy holds it, and
 * the document socket is not open yet), and the listeners are back for the edits after it.
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

  it('a repeat visit applies the copy with no update listeners; edits after it reach the copy and the server', async () => {
    // Records, for the transaction that fills the empty document, how many `update` listeners it ran with and where it came from.
    await a.context.addInitScript(() => {
      localStorage.setItem('tranche:debug', '1');
      type Txn = { origin: unknown; beforeState: Map<number, number>; afterState: Map<number, number> };
      type Doc = { _observers: Map<string, Set<unknown>>; on(event: string, f: (txn: Txn) => void): void };
      const w = window as unknown as { __tranche: Record<string, unknown>; __firstLoad?: { updateListeners: number; fromServer: boolean } };
      const handle: Record<string, unknown> = { renders: {}, mounts: {} };
      Object.defineProperty(handle, 'doc', {
        enumerable: true,
        configurable: true,
        set(doc: Doc) {
          let listeners = 0;
          doc.on('beforeTransaction', () => (listeners = doc._observers.get('update')?.size ?? 0));
          doc.on('afterTransaction', (txn) => {
            if (w.__firstLoad || txn.beforeState.size > 0 || txn.afterState.size === 0) return;
            const connection = handle.connection as { provider?: unknown } | undefined;
            w.__firstLoad = { updateListeners: listeners, fromServer: txn.origin === connection?.provider };
          });
          Object.defineProperty(handle, 'doc', { value: doc, enumerable: true, writable: true });
        },
      });
      w.__tranche = handle;
    });
    await a.page.goto('about:blank');
    await gotoBoard(a.page, server.url, boardId);
    for (const title of TITLES) await card(a.page, title).waitFor();
    const firstLoad = await a.page.evaluate(() => (window as unknown as { __firstLoad?: unknown }).__firstLoad);
    expect(firstLoad).toEqual({ updateListeners: 0, fromServer: false });

    await openDeal(a.page, TITLES[1]!);
    const field = a.page.getByTestId('field-amount');
    await field.fill('30B');
    await field.press('Enter');
    const dealId = [...dealsMap(writer.doc).keys()].find((id) => dealsMap(writer.doc).get(id)?.get('title') === TITLES[1])!;
    await expect.poll(() => dealsMap(writer.doc).get(dealId)?.get('amount')).toBe(30e9);
    await expect.poll(async () => dealsMap(await deviceCopy(a.page, boardId)).get(dealId)?.get('amount')).toBe(30e9);
  });
});
