/**
 * A viewer sees every change live, has no editing controls, and a change forced through the
 * page's own document never reaches anyone else (the server drops a viewer's updates).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createDeal, selectColumns, userOrigin } from '../../shared/src/board';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';
import { card, openDeal, gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('a viewer', () => {
  let server: StartedServer;
  let browser: Browser;
  let owner: Person;
  let viewer: Person;
  let boardId: string;
  let olga: TestUser;
  let victor: TestUser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    victor = await createUser(server.url, 'Victor');
    boardId = await createBoard(server.url, olga, 'Watched deals', 'pipeline');
    await addMember(server.url, olga, boardId, victor, 'viewer');
    owner = await openAs(browser, server.url, olga);
    // The race test holds one REST answer with page.route, which a service worker would bypass.
    viewer = await openAs(browser, server.url, victor, { debug: true, serviceWorkers: 'block' });
    await Promise.all([gotoBoard(owner.page, server.url, boardId), gotoBoard(viewer.page, server.url, boardId)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sees a read-only banner and no editing controls', async () => {
    await viewer.page.getByTestId('readonly-banner').waitFor();
    expect(await viewer.page.getByRole('button', { name: /Add a deal/ }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'Add stage' }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: /Actions for stage/ }).count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(await viewer.page.getByTestId('save-status').count()).toBe(0);
  });

  it('sees every change as it lands', async () => {
    await lane(owner.page, 'In talks')
      .getByRole('button', { name: /Add a deal/ })
      .click();
    await owner.page.keyboard.type('SoftBank in talks for $30B more');
    await owner.page.keyboard.press('Enter');
    await card(viewer.page, 'SoftBank in talks', 'In talks').waitFor();
    await openDeal(owner.page, 'SoftBank in talks');
    await owner.page.getByTestId('comment-input').fill('Reported by two outlets.');
    await owner.page.getByTestId('comment-input').press('Enter');
    await openDeal(viewer.page, 'SoftBank in talks');
    await viewer.page.locator('.comment', { hasText: 'Reported by two outlets.' }).waitFor();
  });

  it('cannot edit the deal in the drawer', async () => {
    const drawer = viewer.page.getByTestId('deal-drawer');
    expect(await drawer.getByTestId('field-title').getAttribute('readonly')).not.toBeNull();
    expect(await drawer.getByTestId('notes').getAttribute('contenteditable')).toBe('false');
    expect(await drawer.getByTestId('field-stage').isDisabled()).toBe(true);
    expect(await drawer.getByTestId('comment-input').count()).toBe(0);
    expect(await drawer.getByRole('button', { name: 'Deal actions' }).count()).toBe(0);
    expect(await viewer.page.locator('.card-shell[aria-roledescription="draggable deal"]').count()).toBe(0);
  });

  it('sends no document updates when it opens the board, and a drag attempt selects no text', async () => {
    const page = await viewer.context.newPage();
    const updatesSent: number[] = [];
    let awarenessSent = 0;
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/yjs/')) return;
      ws.on('framesent', (frame) => {
        const bytes = typeof frame.payload === 'string' ? Buffer.from(frame.payload) : frame.payload;
        // y-websocket sync message (0) of type step 2 (1) or update (2): a document write.
        if (bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) updatesSent.push(bytes.length);
        if (bytes[0] === 1) awarenessSent++;
      });
    });
    await gotoBoard(page, server.url, boardId);
    const from = await card(page, 'SoftBank in talks').boundingBox();
    const to = await lane(page, 'Abandoned').boundingBox();
    if (!from || !to) throw new Error('card or lane not visible');
    await page.mouse.move(from.x + 10, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width - 10, to.y + 200, { steps: 12 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    // Even a write forced into its document stays local. Frames leave in order, so once the
    // awareness frame sent after it has been seen, an update frame would have been seen too.
    const before = awarenessSent;
    await page.evaluate(() => {
      const t = (
        window as unknown as { __tranche: { doc: { getMap(n: string): { set(k: string, v: unknown): void } }; connection: { setPresence(p: object): void } } }
      ).__tranche;
      t.doc.getMap('board').set('name', 'Written by a viewer');
      t.connection.setPresence({ typingIn: 'marker' });
    });
    await expect.poll(() => awarenessSent).toBeGreaterThan(before);
    expect(updatesSent).toEqual([]);
    await page.close();
  });

  it('a change forced through its own document reaches no one', async () => {
    // Olga's second device, outside the browser, to hear what the server relays.
    const olgasDevice = connectDoc(server.url, olga, boardId);
    try {
      await olgasDevice.synced;
      const marker = `forced-${Date.now()}`;
      await viewer.page.evaluate((typingIn) => {
        const t = (
          window as unknown as { __tranche: { doc: { getMap(n: string): { set(k: string, v: unknown): void } }; connection: { setPresence(p: object): void } } }
        ).__tranche;
        t.doc.getMap('board').set('name', 'Hacked by a viewer');
        t.connection.setPresence({ typingIn });
      }, marker);
      // The viewer's frames reach the server in order: once the presence sent after the change
      // is relayed, the server has dealt with the change (had it kept it, its commit would be
      // in the room's batches before any later write).
      await waitFor(
        () => [...olgasDevice.provider.awareness.getStates().values()].some((state) => (state as { typingIn?: unknown }).typingIn === marker),
        'the viewer’s presence, sent after the change, is relayed',
      );
      // A later write, committed after anything of the viewer's, reaches Olga's page: what
      // came before it would have reached it first.
      const columnId = selectColumns(olgasDevice.doc).columns[0]?.id ?? '';
      createDeal(olgasDevice.doc, { columnId, title: 'Marker after the viewer’s change' }, userOrigin(olga.id));
      await card(owner.page, 'Marker after the viewer’s change').waitFor();
      expect(await owner.page.locator('.board-name').textContent()).toBe('Watched deals');
      expect(olgasDevice.doc.getMap('board').get('name')).toBe('Watched deals');
    } finally {
      olgasDevice.destroy();
    }
    await viewer.page.reload();
    await viewer.page.locator('.lanes').waitFor();
    await expect.poll(() => viewer.page.locator('.board-name').textContent()).toBe('Watched deals');
    expect(owner.errors).toEqual([]);
  });

  it('keeps a promotion that lands while its own role check is still on the way', async () => {
    // The page reads its role when it opens the board, and again once its event socket has
    // joined; hold that second answer, read while still a viewer, until the promotion's
    // `board:access` has been applied, then let it through.
    const page = viewer.page;
    const boardUrl = `${server.url}/api/boards/${boardId}`;
    await page.goto('about:blank');
    let reads = 0;
    let release: (() => Promise<void>) | null = null;
    let onHeld = (): void => {};
    const held = new Promise<void>((resolve) => (onHeld = resolve));
    await page.route(boardUrl, async (route) => {
      if (++reads !== 2) return route.continue();
      const response = await route.fetch();
      release = () => route.fulfill({ response });
      onHeld();
    });
    await gotoBoard(page, server.url, boardId);
    await held;
    await page.getByTestId('readonly-banner').waitFor();
    const promoted = await api(server.url, olga, 'PATCH', `/api/boards/${boardId}/members/${victor.id}`, { role: 'editor' });
    expect(promoted.status).toBeLessThan(300);
    await page.getByTestId('readonly-banner').waitFor({ state: 'detached' });
    const finished = page.waitForEvent('requestfinished', (r) => r.url() === boardUrl);
    await release!();
    await finished;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
    expect(await page.evaluate(() => (window as unknown as { __tranche: { connection: { role: { get(): string } } } }).__tranche.connection.role.get())).toBe(
      'editor',
    );
    expect(await page.getByTestId('readonly-banner').count()).toBe(0);
    await page.unroute(boardUrl);
    await api(server.url, olga, 'PATCH', `/api/boards/${boardId}/members/${victor.id}`, { role: 'viewer' });
    await page.getByTestId('readonly-banner').waitFor();
  });

  it('becomes an editor live when promoted, and is shown the door when removed', async () => {
    const promoted = await api(server.url, olga, 'PATCH', `/api/boards/${boardId}/members/${victor.id}`, { role: 'editor' });
    expect(promoted.status).toBeLessThan(300);
    await expect.poll(() => viewer.page.getByTestId('readonly-banner').count(), { timeout: 5_000 }).toBe(0);
    await viewer.page
      .getByRole('button', { name: /Add a deal/ })
      .first()
      .waitFor();
    const removed = await api(server.url, olga, 'DELETE', `/api/boards/${boardId}/members/${victor.id}`);
    expect(removed.status).toBeLessThan(300);
    await viewer.page.getByText('You no longer have access').waitFor({ timeout: 5_000 });
  });
});
