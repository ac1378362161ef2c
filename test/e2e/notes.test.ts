/**
 * The notes editor is a real collaborative editor: two people typing at the same spot at the
 * same time, key by key, each keep their phrase in one piece, on both screens and on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';
import { gotoBoard, launchBrowser, notesText, openAs, openDeal, type Person } from '../helpers/browser';

describe('co-typing in the notes', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let a: Person;
  let b: Person;
  let boardId: string;
  let dealId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const columnId = selectLanes(writer.doc)[0]?.column?.id ?? '';
    const created = createDeal(writer.doc, { columnId, title: 'Amazon to invest in OpenAI', notes: 'Talks:' }, userOrigin(ada.id));
    if (!created.ok) throw new Error('could not create the deal');
    dealId = created.value.dealId;
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
    await Promise.all([gotoBoard(a.page, server.url, boardId), gotoBoard(b.page, server.url, boardId)]);
    await Promise.all([openDeal(a.page, 'Amazon to invest'), openDeal(b.page, 'Amazon to invest')]);
  });

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('two people type 20 characters each at the same position at once: each phrase stays contiguous everywhere', async () => {
    for (const p of [a, b]) {
      await p.page.getByTestId('notes').click();
      await p.page.keyboard.press('Control+End');
    }
    const adas = ' DEAL-CLOSES-IN-MAY.'; // 20 characters each
    const bobs = ' price-is-about-50b.';
    expect(adas).toHaveLength(20);
    expect(bobs).toHaveLength(20);
    await Promise.all([a.page.keyboard.type(adas, { delay: 60 }), b.page.keyboard.type(bobs, { delay: 60 })]);

    const both = [`Talks:${adas}${bobs}`, `Talks:${bobs}${adas}`];
    await expect.poll(() => notesText(a.page)).toSatisfy((t: string) => both.includes(t));
    const onA = await notesText(a.page);
    await expect.poll(() => notesText(b.page)).toBe(onA);
    await expect
      .poll(
        async () =>
          (await api<{ deals: Array<{ id: string; notes: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`)).body.deals.find(
            (d) => d.id === dealId,
          )?.notes,
      )
      .toBe(onA);
  });

  it("shows the other's caret with their name", async () => {
    await a.page.locator('.cm-ySelectionCaret', { hasText: 'Bob' }).waitFor();
    await b.page.locator('.cm-ySelectionCaret', { hasText: 'Ada' }).waitFor();
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
