/**
 * Rounds and parts in the table and the CSV import, in a real browser against the real server:
 * the table's "Part of" column shows the round's title and follows a remote rename of it; it is
 * edited inline through the same shared mutation as the drawer (a refused link leaves the board
 * unchanged, with the rule's message), and the edit reaches a second browser's board; an import
 * with a "Part of" column previews its links and its per-row errors, and lands as links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDeal, selectColumns, selectDeals, setPartOf, updateDeal, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, waitFor, type DocClient } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

/** The row whose title starts with `title` (other rows may name it in their Part of cell). */
const rowOf = (page: Page, title: string) =>
  page
    .locator('.table-row')
    .filter({ has: page.locator('[data-column="title"]', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) });
const partOfCell = (page: Page, title: string) => rowOf(page, title).locator('[data-column="partOf"]');
const dealTitled = (seed: DocClient, title: string) => selectDeals(seed.doc).deals.find((d) => d.title === title);

describe('table and import: Part of', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  let seed: DocClient;
  let boardId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const adaUser = await createUser(server.url, 'Ada');
    const bobUser = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, adaUser, 'Rounds', 'pipeline');
    await addMember(server.url, adaUser, boardId, bobUser, 'editor');
    seed = connectDoc(server.url, adaUser, boardId);
    await seed.synced;
    const talks = selectColumns(seed.doc).columns.find((c) => c.name === 'In talks')?.id ?? '';
    const origin = userOrigin(adaUser.id);
    for (const [key, title, amount] of [
      ['round', 'OpenAI funding round', 100e9],
      ['amazon', 'Amazon → OpenAI', 50e9],
      ['softbank', 'SoftBank → OpenAI', 30e9],
      ['xai', 'xAI Series E', 20e9],
    ] as const) {
      const made = createDeal(seed.doc, { columnId: talks, title, amount }, origin);
      if (made.ok) ids[key] = made.value.dealId;
    }
    setPartOf(seed.doc, { dealId: ids.amazon ?? '', partOf: ids.round ?? '' }, origin);
    ada = await openAs(browser, server.url, adaUser);
    bob = await openAs(browser, server.url, bobUser);
    await ada.page.goto(`${server.url}/#/b/${boardId}/table`);
    await ada.page.getByTestId('deal-table').waitFor();
    await gotoBoard(bob.page, server.url, boardId);
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('shows the round’s title and follows a remote rename of the round', async () => {
    await expect.poll(() => partOfCell(ada.page, 'Amazon').textContent()).toBe('OpenAI funding round');
    expect(await partOfCell(ada.page, 'SoftBank').textContent()).toBe('');
    updateDeal(seed.doc, { dealId: ids.round ?? '', patch: { title: 'OpenAI round' } }, userOrigin(ada.user.id));
    await expect.poll(() => partOfCell(ada.page, 'Amazon').textContent()).toBe('OpenAI round');
  });

  it('edits Part of inline: the link reaches the other browser’s board', async () => {
    await partOfCell(ada.page, 'SoftBank').click();
    await ada.page.keyboard.press('Enter');
    await ada.page.locator('.table-editor').selectOption({ label: 'OpenAI round' });
    await expect.poll(() => partOfCell(ada.page, 'SoftBank').textContent()).toBe('OpenAI round');
    await waitFor(() => dealTitled(seed, 'SoftBank → OpenAI')?.partOf === ids.round, 'the link on the server');
    await card(bob.page, 'SoftBank → OpenAI')
      .getByText(/Part of/)
      .waitFor();
  });

  it('a link the rules refuse (a round with parts cannot be a part) shows the reason and changes nothing', async () => {
    await partOfCell(ada.page, 'OpenAI round').click();
    await ada.page.keyboard.press('Enter');
    await ada.page.locator('.table-editor').selectOption({ label: 'xAI Series E' });
    await ada.page.locator('.toast', { hasText: 'has parts of its own' }).waitFor();
    await ada.page.keyboard.press('Escape');
    expect(dealTitled(seed, 'OpenAI round')?.partOf).toBeNull();
    expect(await partOfCell(ada.page, 'OpenAI round').textContent()).toBe('');
  });

  it('imports a Part of column: the preview lists the links and names the bad rows, the import sets the links', async () => {
    await ada.page.getByRole('button', { name: 'Board actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'Import CSV…' }).click();
    const file = [
      'Title,Amount,Part of',
      'Nvidia → xAI,2B,xai series e',
      'Tranche 2,5B,Tranche 3',
      'Tranche 3,6B,',
      'Orphan,1B,No such round',
      'Loop A,1B,Loop B',
      'Loop B,1B,Loop A',
    ].join('\n');
    await ada.page.getByTestId('import-file').setInputFiles({ name: 'rounds.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await ada.page.getByTestId('import-preview').waitFor();
    expect(await ada.page.getByTestId('import-created').textContent()).toBe('3');
    expect(await ada.page.getByTestId('import-skipped').textContent()).toBe('3');
    expect(await ada.page.getByTestId('import-parts').textContent()).toBe('2 deals will be part of a round: row 2 → xAI Series E, row 3 → Tranche 3.');
    const errors = ada.page.getByRole('list', { name: 'Errors' });
    expect(await errors.locator('li').allTextContents()).toEqual([
      "Row 5, Part of: no deal titled or with the id 'No such round' on the board or in this file",
      'Row 6, Part of: would make a cycle: “Loop A” → “Loop B” → “Loop A”',
      'Row 7, Part of: would make a cycle: “Loop B” → “Loop A” → “Loop B”',
    ]);
    await ada.page.getByRole('button', { name: 'Import 3 deals' }).click();
    await expect.poll(() => partOfCell(ada.page, 'Nvidia').textContent()).toBe('xAI Series E');
    expect(await partOfCell(ada.page, 'Tranche 2').textContent()).toBe('Tranche 3');
    expect(dealTitled(seed, 'Nvidia → xAI')?.partOf).toBe(ids.xai);
    expect(dealTitled(seed, 'Orphan')).toBeUndefined();
    expect(ada.errors).toEqual([]);
  });
});
