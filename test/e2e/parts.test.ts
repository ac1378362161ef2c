/**
 * A round and its parts in a real browser against the real server: setting "Part of" in the
 * drawer (with the keyboard for one of them) stops the column total from double counting, the
 * cards say which is part of which, and the total's tooltip says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDeal, dealsMap, laneTotals, selectColumns, selectLanes, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { connectDoc, createBoard, createUser, waitFor, type DocClient } from '../helpers/clients';
import { card, gotoBoard, lane, launchBrowser, openAs, openDeal, type Person } from '../helpers/browser';

describe('Part of', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: Person;
  let seed: DocClient;
  let boardId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const user = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, user, 'Rounds', 'pipeline');
    seed = connectDoc(server.url, user, boardId);
    await seed.synced;
    const talks = selectColumns(seed.doc).columns.find((c) => c.name === 'In talks')!.id;
    for (const [key, title, acquirer, amount] of [
      ['round', 'OpenAI funding round', 'Several', 100e9],
      ['amazon', 'Amazon → OpenAI', 'Amazon', 50e9],
      ['softbank', 'SoftBank → OpenAI', 'SoftBank', 30e9],
    ] as const) {
      const made = createDeal(seed.doc, { columnId: talks, title, acquirer, target: 'OpenAI', amount }, userOrigin(user.id));
      if (made.ok) ids[key] = made.value.dealId;
    }
    ada = await openAs(browser, server.url, user);
    await gotoBoard(ada.page, server.url, boardId);
    await card(ada.page, 'SoftBank → OpenAI').waitFor();
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('links the tranches to the round in the drawer, and the stage total counts the round once', async () => {
    const { page } = ada;
    const sum = lane(page, 'In talks').getByTestId('lane-sum');
    await expect.poll(() => sum.textContent()).toBe('$180B');

    await openDeal(page, 'Amazon → OpenAI');
    const picker = page.getByTestId('deal-drawer').getByLabel('Part of');
    // The round is offered; the deal itself is not.
    const offered = await picker.locator('option').allTextContents();
    expect(offered).toEqual(['Not part of another deal', 'OpenAI funding round', 'SoftBank → OpenAI']);
    await picker.selectOption({ label: 'OpenAI funding round' });
    await expect.poll(() => card(page, 'Amazon → OpenAI').getByTestId('card-round').textContent()).toBe('Part of OpenAI funding round');
    await expect.poll(() => card(page, 'OpenAI funding round').getByTestId('card-round').textContent()).toBe('1 part: Amazon');
    await expect.poll(() => sum.textContent()).toBe('$130B');
    await page.keyboard.press('Escape');

    // SoftBank with the keyboard only: focus the picker and type the round's name.
    await openDeal(page, 'SoftBank → OpenAI');
    const again = page.getByTestId('deal-drawer').getByLabel('Part of');
    // Amazon is a part now, so it cannot be a round.
    expect(await again.locator('option').allTextContents()).toEqual(['Not part of another deal', 'OpenAI funding round']);
    await again.focus();
    await page.keyboard.type('OpenAI');
    await expect.poll(() => again.inputValue()).toBe(ids.round);
    await expect.poll(() => sum.textContent()).toBe('$100B');
    await expect.poll(() => card(page, 'OpenAI funding round').getByTestId('card-round').textContent()).toBe('2 parts: Amazon, SoftBank');
    expect(await sum.getAttribute('title')).toBe('Total of the deals in this stage. 2 parts are counted inside their round, not added again.');
    // Every deal still counts in the stage's count.
    expect(await lane(page, 'In talks').locator('.lane-count').textContent()).toBe('3');

    // The links reached the server, and its copy totals the same.
    await waitFor(() => dealsMap(seed.doc).get(ids.softbank!)?.get('partOf') === ids.round, 'the link to reach the server');
    const talks = selectLanes(seed.doc).find((l) => l.column?.name === 'In talks')!;
    expect(laneTotals(talks, 'USD')).toMatchObject({ count: 3, sum: 100e9 });

    // The round's drawer lists its parts instead of a picker (one level deep).
    await page.keyboard.press('Escape');
    await openDeal(page, 'OpenAI funding round');
    await expect.poll(() => page.getByTestId('field-parts').locator('li').allTextContents()).toEqual(['Amazon → OpenAI', 'SoftBank → OpenAI']);
    expect(await page.getByTestId('deal-drawer').getByLabel('Part of').count()).toBe(0);
    expect(ada.errors).toEqual([]);
  });
});
