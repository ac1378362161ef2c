/**
 * The public API seen in the browser: a deal made over REST and one written by an outside
 * y-websocket client (only title, columnId, rank) show up live and valid on an open board;
 * an owner adds a webhook from the board menu, sees its secret once, and re-enables it
 * after the server turned it off.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { selectColumns } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('the public API in the browser', () => {
  let server: StartedServer;
  let browser: Browser;
  let olga: TestUser;
  let owner: Person;
  let boardId: string;
  let receiver: http.Server;
  let receiverUrl: string;
  let received = 0;
  let healthy = false;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume();
      received++;
      res.writeHead(healthy ? 200 : 500).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startServer({ webhookAllowHosts: ['127.0.0.1'], webhookRetryBaseMs: 10, webhookMaxDelayMs: 20, webhookMaxFailures: 2 });
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    boardId = await createBoard(server.url, olga, 'Feed board', 'pipeline');
    owner = await openAs(browser, server.url, olga);
    await gotoBoard(owner.page, server.url, boardId);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('shows a REST-made deal and a minimal Yjs-written deal live', async () => {
    const res = await api(server.url, olga, 'POST', `/api/boards/${boardId}/deals`, { title: 'From the news feed', amount: 1_000_000 });
    expect(res.status).toBe(201);
    await card(owner.page, 'From the news feed').waitFor();

    const script = connectDoc(server.url, olga, boardId);
    await script.synced;
    const columnId = selectColumns(script.doc).columns[1]!.id;
    script.doc.transact(() => {
      const deal = new Y.Map<unknown>();
      dealsMap(script.doc).set('from-a-script', deal);
      deal.set('title', 'Written by a script');
      deal.set('columnId', columnId);
      deal.set('rank', 'a0');
    });
    await card(owner.page, 'Written by a script').waitFor();
    // A lane notes the invalid records it holds; there are none.
    expect(await owner.page.locator('.lane-invalid').count()).toBe(0);
    script.destroy();
    expect(owner.errors).toEqual([]);
  });

  it("lets the owner delete someone else's comment, but not edit it", async () => {
    const bea = await createUser(server.url, 'Bea');
    await addMember(server.url, olga, boardId, bea, 'editor');
    const deal = (await api<{ deal: { id: string } }>(server.url, bea, 'POST', `/api/boards/${boardId}/deals`, { title: 'Discussed deal' })).body.deal;
    await api(server.url, bea, 'POST', `/api/boards/${boardId}/deals/${deal.id}/comments`, { body: 'Bea says hold' });
    await gotoBoard(owner.page, server.url, boardId, deal.id);
    const comment = owner.page.locator('.comment', { hasText: 'Bea says hold' });
    await comment.waitFor();
    expect(await comment.getByRole('button', { name: 'Edit comment' }).count()).toBe(0);
    await comment.getByRole('button', { name: 'Delete comment' }).click();
    await comment.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => comment.count()).toBe(0);
    await expect
      .poll(
        async () => (await api<{ deal: { comments: unknown[] } }>(server.url, bea, 'GET', `/api/boards/${boardId}/deals/${deal.id}`)).body.deal.comments.length,
      )
      .toBe(0);
    await owner.page.keyboard.press('Escape');
  });

  it('adds a webhook from the board menu, shows the secret once, and re-enables it after failures', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Board actions' }).click();
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();
    await page.getByLabel('New webhook').fill(receiverUrl);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await page.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I’ve copied it' }).click();
    await expect.poll(() => page.getByTestId('webhook-secret').count()).toBe(0);
    await page.getByTestId('webhook-row').waitFor();

    // Two failed deliveries in a row turn it off (this server allows two).
    await api(server.url, olga, 'POST', `/api/boards/${boardId}/deals`, { title: 'Trips the webhook' });
    await expect.poll(() => received).toBeGreaterThanOrEqual(2);
    await expect
      .poll(
        async () =>
          (await api<{ webhooks: Array<{ enabled: boolean }> }>(server.url, olga, 'GET', `/api/boards/${boardId}/webhooks`)).body.webhooks[0]?.enabled,
      )
      .toBe(false);
    // Reopen the dialog: the row says it is off; Re-enable turns it back on.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Board actions' }).click();
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();
    await page.getByTestId('webhook-disabled').waitFor();
    healthy = true;
    await page.getByRole('button', { name: 'Re-enable' }).click();
    await expect.poll(() => page.getByTestId('webhook-disabled').count()).toBe(0);
    const hookId = (await api<{ webhooks: Array<{ id: string }> }>(server.url, olga, 'GET', `/api/boards/${boardId}/webhooks`)).body.webhooks[0]!.id;
    const deliveries = `/api/boards/${boardId}/webhooks/${hookId}/deliveries`;
    await expect
      .poll(async () => (await api<{ deliveries: Array<{ status: string }> }>(server.url, olga, 'GET', deliveries)).body.deliveries[0]?.status)
      .toBe('delivered');
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await page.locator('.webhook-delivery-table').getByText('delivered (200)').waitFor();
    expect(owner.errors).toEqual([]);
  });
});
