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
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/** One transaction from elsewhere that added to the page's document, as `recordLoads` saw it. */
interface Load {
  source: 'server' | 'copy' | 'other';
  /** `update` listeners it ran with (each makes Yjs encode the transaction as an update). */
  updateListeners: number;
  /** Whether the document had synced with the server before it. */
  synced: boolean;
}

/**
 * Makes every page of `context` record the transactions from elsewhere that add to its board's
 * document (the debug flag exposes the document and connection as the page creates them).
 */
async function recordLoads(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    localStorage.setItem('tranche:debug', '1');
    type Txn = { local: boolean; origin: unknown; beforeState: Map<number, number>; afterState: Map<number, number> };
    type Doc = { _observers: Map<string, Set<unknown>>; on(event: string, f: (txn: Txn) => void): void };
    // `localCopy` is the connection's (private) IndexedDB copy: the origin of what it loads.
    type Connection = { provider: unknown; synced: { get(): boolean }; localCopy: unknown };
    const loads: Array<{ source: string; updateListeners: number; synced: boolean }> = [];
    const handle: Record<string, unknown> = { renders: {}, mounts: {}, loads };
    Object.defineProperty(handle, 'doc', {
      enumerable: true,
      configurable: true,
      set(doc: Doc) {
        let seen = { updateListeners: 0, synced: false };
        doc.on('beforeTransaction', () => {
          const connection = handle.connection as Connection | undefined;
          seen = { updateListeners: doc._observers.get('update')?.size ?? 0, synced: connection?.synced.get() ?? false };
        });
        doc.on('afterTransaction', (txn) => {
          const grew = [...txn.afterState].some(([client, clock]) => clock > (txn.beforeState.get(client) ?? 0));
          if (txn.local || !grew) return;
          const connection = handle.connection as Connection | undefined;
          const source = txn.origin === connection?.provider ? 'server' : txn.origin !== null && txn.origin === connection?.localCopy ? 'copy' : 'other';
          loads.push({ source, ...seen });
        });
        Object.defineProperty(handle, 'doc', { value: doc, enumerable: true, writable: true });
      },
    });
    (window as unknown as { __tranche: unknown }).__tranche = handle;
  });
}

const recordedLoads = (page: Page) => page.evaluate(() => (window as unknown as { __tranche: { loads: Load[] } }).__tranche.loads);

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
    await recordLoads(a.context);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('stores the whole state the server sent, and the edits made after it', async () => {
    await gotoBoard(a.page, server.url, boardId);
    for (const title of TITLES) await card(a.page, title).waitFor();
    // Every message of the server's first state (one, or many up to its SyncStep2) came with no update listener.
    const fromServer = (await recordedLoads(a.page)).filter((load) => load.source === 'server' && !load.synced);
    expect(fromServer.length).toBeGreaterThan(0);
    expect(fromServer.map((load) => load.updateListeners)).toEqual(fromServer.map(() => 0));
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
    await a.page.goto('about:blank');
    await gotoBoard(a.page, server.url, boardId);
    for (const title of TITLES) await card(a.page, title).waitFor();
    // The transaction that filled the empty document came from the copy, with no update listener.
    const loads = await recordedLoads(a.page);
    expect(loads[0]).toEqual({ source: 'copy', updateListeners: 0, synced: false });

    await openDeal(a.page, TITLES[1]!);
    const field = a.page.getByTestId('field-amount');
    await field.fill('30B');
    await field.press('Enter');
    const dealId = [...dealsMap(writer.doc).keys()].find((id) => dealsMap(writer.doc).get(id)?.get('title') === TITLES[1])!;
    await expect.poll(() => dealsMap(writer.doc).get(dealId)?.get('amount')).toBe(30e9);
    await expect
      .poll(async () =>
        dealsMap(await deviceCopy(a.page, boardId))
          .get(dealId)
          ?.get('amount'),
      )
      .toBe(30e9);
  });
});
