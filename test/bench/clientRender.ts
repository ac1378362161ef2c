/**
 * The browser side: how long a board with 2,000 deals takes to show in headless
 * Chromium (Performance mark `board:rendered`), and how long a remote move takes to be
 * painted (`board:remote-move-painted`), with how many other cards re-rendered.
 */
import type * as Y from 'yjs';
import { createDeal, moveDeal, selectLanes } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { ensureClientBuilt } from '../../server/src/cli/buildClient';
import { startServer } from '../helpers/startServer';
import { api, connectDoc, createBoard, createUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs } from '../helpers/browser';

export interface ClientRenderResult {
  deals: number;
  renderMs: number[];
  remoteMoveMs: number[];
  otherCardsRerendered: number;
}

function fill(doc: Y.Doc, userId: string, count: number): void {
  const columns = selectLanes(doc).flatMap((l) => (l.column ? [l.column] : []));
  for (let i = 0; i < count; i++) {
    const column = columns[i % 4]!;
    createDeal(
      doc,
      {
        columnId: column.id,
        title: `Deal ${i}: Company ${i % 97} invests in Startup ${i}`,
        acquirer: `Company ${i % 97}`,
        target: `Startup ${i}`,
        amount: (i % 50) * 1e8 + 1e6,
        tags: i % 2 ? ['AI'] : ['cloud'],
        ownerId: userId,
      },
      userOrigin(userId),
    );
  }
}

export async function measureClientRender(deals = 2_000, runs = 5, moves = 10): Promise<ClientRenderResult> {
  ensureClientBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const owner = await createUser(server.url, 'Bench');
    const boardId = await createBoard(server.url, owner, 'Big board');
    const writer = connectDoc(server.url, owner, boardId);
    await writer.synced;
    fill(writer.doc, owner.id, deals);
    for (const deadline = Date.now() + 30_000; ;) {
      const { body } = await api<{ dealCount: number }>(server.url, owner, 'GET', `/api/boards/${boardId}`);
      if (body.dealCount === deals) break;
      if (Date.now() > deadline) throw new Error(`server has ${body.dealCount} deals`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const person = await openAs(browser, server.url, owner, { debug: true });
    const page = person.page;
    await gotoBoard(page, server.url, boardId); // warm the HTTP cache, as a returning user's
    const renderMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await page.goto('about:blank');
      await gotoBoard(page, server.url, boardId);
      renderMs.push(
        await page.evaluate(async () => {
          for (let i = 0; i < 200 && performance.getEntriesByName('board:rendered').length === 0; i++) await new Promise((r) => setTimeout(r, 25));
          return Math.round(performance.getEntriesByName('board:rendered')[0]?.startTime ?? NaN);
        }),
      );
    }

    await page.locator('.card').first().waitFor();
    await page.waitForTimeout(500);
    const counts = () =>
      page.evaluate(() => {
        const t = (window as unknown as { __tranche: { renders: Record<string, number>; mounts: Record<string, number> } }).__tranche;
        return { renders: { ...t.renders }, mounts: { ...t.mounts } };
      });
    const remoteMoveMs: number[] = [];
    let otherCardsRerendered = 0;
    for (let m = 0; m < moves; m++) {
      const lanes = selectLanes(writer.doc);
      const from = lanes[m % 2]!;
      const to = lanes[(m % 2) + 1]!;
      const moved = from.deals[0]!;
      const before = await counts();
      const marksBefore = await page.evaluate(() => performance.getEntriesByName('board:remote-move-painted').length);
      const sentAt = Date.now();
      moveDeal(writer.doc, { dealId: moved.id, toColumnId: to.column!.id, before: to.deals[0]?.id }, userOrigin(owner.id));
      const paintedAt = await page.evaluate(async (known) => {
        for (let i = 0; i < 400; i++) {
          const marks = performance.getEntriesByName('board:remote-move-painted');
          if (marks.length > known) return performance.timeOrigin + marks[marks.length - 1]!.startTime;
          await new Promise((r) => setTimeout(r, 5));
        }
        return NaN;
      }, marksBefore);
      remoteMoveMs.push(Math.round(paintedAt - sentAt));
      await page.waitForTimeout(300);
      const after = await counts();
      const updates = (c: typeof before, id: string) => (c.renders[id] ?? 0) - (c.mounts[id] ?? 0);
      otherCardsRerendered += Object.keys(after.renders).filter((id) => id !== moved.id && updates(after, id) !== updates(before, id)).length;
    }
    writer.destroy();
    await person.context.close();
    return { deals, renderMs, remoteMoveMs, otherCardsRerendered };
  } finally {
    await browser.close();
    await server.close();
  }
}
