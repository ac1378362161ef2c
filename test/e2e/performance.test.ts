/**
 * A board with 2,000 deals shows (virtualised: only the visible cards are in the DOM), and
 * a remote move re-renders only the moved card (the page counts card renders when its
 * debug flag is set). Timings are measured by `npm run bench -- client`, not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, connectDoc, createBoard, createUser, type DocClient, type TestUser } from '../helpers/clients';
import { card, gotoBoard, lane, launchBrowser, openAs } from '../helpers/browser';
import { createDeal, moveDeal, readDealById, selectLanes } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';

const DEALS = 2_000;
const KINDS = ['investment', 'acquisition', 'merger', 'partnership', 'other'] as const;

describe('a board with 2,000 deals', () => {
  let server: StartedServer;
  let browser: Browser;
  let owner: TestUser;
  let boardId: string;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await createUser(server.url, 'Perf');
    boardId = await createBoard(server.url, owner, 'Big board', 'pipeline');
    writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    const origin = userOrigin(owner.id);
    const columns = selectLanes(writer.doc)
      .map((l) => l.column)
      .filter((c) => c !== null);
    for (let i = 0; i < DEALS; i++) {
      const column = columns[i % 4];
      if (!column) throw new Error('no column');
      const r = createDeal(
        writer.doc,
        {
          columnId: column.id,
          title: `Deal ${i}: Company ${i % 97} invests in Startup ${i}`,
          kind: KINDS[i % KINDS.length],
          acquirer: `Company ${i % 97}`,
          target: `Startup ${i}`,
          amount: (i % 50) * 1e8 + 1e6,
          amountQualifier: i % 3 === 0 ? 'up_to' : 'exact',
          tags: i % 2 ? ['AI'] : ['cloud', 'infra'],
          ownerId: owner.id,
        },
        origin,
      );
      if (!r.ok) throw new Error(r.error.message);
      // The server runs in this process: writing 2,000 deals in one go starves it for seconds,
      // and a keep-alive socket it times out meanwhile is reused by the next request
      // (ECONNRESET). Let its event loop turn between batches, as a real writer's would.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { body } = await api<{ dealCount: number }>(server.url, owner, 'GET', `/api/boards/${boardId}`);
      if (body.dealCount === DEALS) break;
      if (Date.now() > deadline) throw new Error(`server has ${body.dealCount} deals`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    writer?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('shows, rendering only the visible cards', async () => {
    const p = await openAs(browser, server.url, owner);
    // Warm the HTTP cache once, as a returning user's browser would have it.
    await gotoBoard(p.page, server.url, boardId);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      await p.page.goto('about:blank');
      await gotoBoard(p.page, server.url, boardId);
      await p.page.locator('.card').first().waitFor();
      const t = await p.page.evaluate(async () => {
        for (let i = 0; i < 100 && performance.getEntriesByName('board:rendered').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        return performance.getEntriesByName('board:rendered')[0]?.startTime ?? Infinity;
      });
      times.push(t);
    }
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(await p.page.locator('.card').count()).toBeLessThan(200);
    expect(p.errors).toEqual([]);
    await p.context.close();
  });

  it('a remote move re-renders only the moved card', async () => {
    const p = await openAs(browser, server.url, owner, { debug: true });
    await gotoBoard(p.page, server.url, boardId);
    const lanes = selectLanes(writer.doc);
    const from = lanes[0];
    const to = lanes[1];
    const moved = from?.deals[1];
    const firstInTarget = to?.deals[0];
    if (!from?.column || !to?.column || !moved || !firstInTarget) throw new Error('lanes not as expected');
    await card(p.page, moved.title, from.column.name).waitFor();
    await p.page.waitForTimeout(300);
    const counts = () =>
      p.page.evaluate(() => {
        const t = (window as unknown as { __tranche: { renders: Record<string, number>; mounts: Record<string, number> } }).__tranche;
        return { renders: { ...t.renders }, mounts: { ...t.mounts } };
      });
    const before = await counts();

    const r = moveDeal(writer.doc, { dealId: moved.id, toColumnId: to.column.id, before: firstInTarget.id }, userOrigin(owner.id));
    expect(r.ok).toBe(true);
    await lane(p.page, to.column.name).locator('.card-title', { hasText: moved.title }).waitFor();
    await p.page.waitForTimeout(300);
    const after = await counts();

    // Renders that were not a (re)mount by the virtualiser, i.e. an existing card rendering again.
    const updates = (c: typeof before, id: string) => (c.renders[id] ?? 0) - (c.mounts[id] ?? 0);
    const rerendered = Object.keys(after.renders).filter((id) => id !== moved.id && updates(after, id) !== updates(before, id));
    expect(rerendered).toEqual([]);
    expect(readDealById(writer.doc, moved.id)).toMatchObject({ columnId: to.column.id });
    const marks = await p.page.evaluate(() => performance.getEntriesByName('board:remote-move-painted').length);
    expect(marks).toBeGreaterThan(0);
    await p.context.close();
  });
});
