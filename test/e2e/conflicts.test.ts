/**
 * Conflicts you can see: A and B set the same deal's amount while partitioned; once healed,
 * both see a notice on the deal naming the other, with both values, and "Use mine" puts the
 * overwritten value back as one ordinary edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';
import { createDeal, selectLanes, userOrigin } from '../../shared/src/board';

async function setAmount(page: Page, amount: string): Promise<void> {
  const field = page.getByTestId('field-amount');
  await field.fill(amount);
  await field.press('Enter');
}

describe('conflicts you can see', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;
  let writer: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    const boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    createDeal(
      writer.doc,
      { columnId: selectLanes(writer.doc)[0]?.column?.id ?? '', title: 'Amazon to invest in OpenAI', amount: 100_000_000_000 },
      userOrigin(ada.id),
    );
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

  it('both see who else changed the amount, both values and which was kept; "Use mine" restores the other', async () => {
    await a.context.setOffline(true);
    await expect.poll(() => a.page.getByTestId('connection-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('offline');
    await setAmount(a.page, '500B');
    await setAmount(b.page, '600B');
    await expect.poll(() => card(b.page, 'Amazon to invest').locator('.card-amount').textContent()).toBe('$600B');
    await expect.poll(() => b.page.getByTestId('save-status').getAttribute('data-status')).toBe('saved');
    await a.context.setOffline(false);

    const noticeA = a.page.getByTestId('conflict-notice');
    const noticeB = b.page.getByTestId('conflict-notice');
    await noticeA.waitFor({ timeout: 15_000 });
    await noticeB.waitFor({ timeout: 5_000 });
    const textA = (await noticeA.locator('.conflict-text').textContent()) ?? '';
    const textB = (await noticeB.locator('.conflict-text').textContent()) ?? '';
    const kept = await card(a.page, 'Amazon to invest').locator('.card-amount').textContent();
    await expect.poll(() => card(b.page, 'Amazon to invest').locator('.card-amount').textContent()).toBe(kept);

    const [loser, loserText, winnerText, mine] = kept === '$600B' ? [a, textA, textB, '$500B'] : [b, textB, textA, '$600B'];
    const [loserOther, winnerOther] = loser === a ? ['Bob', 'Ada'] : ['Ada', 'Bob'];
    expect(loserText).toBe(`${loserOther} also changed the amount: kept ${kept}; yours was ${mine}`);
    expect(winnerText).toBe(`${winnerOther} also changed the amount: kept yours, ${kept}; theirs was ${mine}`);
    const winner = loser === a ? b : a;
    expect(await winner.page.getByTestId('conflict-notice').getByRole('button', { name: 'Use mine' }).count()).toBe(0);

    // Back online, Ada is told what happened meanwhile.
    await a.page
      .locator('.toast', { hasText: 'While you were away: Bob changed 1 deal. 1 conflict with your edits: open the deal to see it.' })
      .waitFor({ timeout: 5_000 });

    await loser.page.getByTestId('conflict-notice').getByRole('button', { name: 'Use mine' }).click();
    for (const p of [a, b]) await expect.poll(() => card(p.page, 'Amazon to invest').locator('.card-amount').textContent(), { timeout: 5_000 }).toBe(mine);
    expect(await loser.page.getByTestId('conflict-notice').count()).toBe(0);
    // Putting my value back is an ordinary edit, seen, so no new conflict.
    expect(await winner.page.getByTestId('conflict-notice').count()).toBe(1);
  });
});
