/**
 * Insights and CSV import in a real browser against the real server: the forecast's totals
 * equal the board's open-column totals and follow a remote edit live; a CSV chosen in the
 * Import dialog is previewed (errors by row and field) and, once confirmed, lands on the board
 * of a second person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDeal, laneTotals, moveDeal, readBoardInfo, selectColumns, selectLanes, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('insights and import', () => {
  let server: StartedServer;
  let browser: Browser;
  let a: Person;
  let b: Person;
  let boardId: string;
  let seed: DocClient;

  const openTotals = () => {
    const currency = readBoardInfo(seed.doc).currency;
    return selectLanes(seed.doc)
      .filter((l) => l.column?.kind === 'open')
      .map((l) => laneTotals(l, currency))
      .reduce((t, x) => ({ count: t.count + x.count, sum: t.sum + x.sum, weighted: t.weighted + x.weighted }), { count: 0, sum: 0, weighted: 0 });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada');
    const bob = await createUser(server.url, 'Bob');
    boardId = await createBoard(server.url, ada, 'Deals', 'pipeline');
    await addMember(server.url, ada, boardId, bob, 'editor');
    seed = connectDoc(server.url, bob, boardId);
    await seed.synced;
    const col = (name: string) => selectColumns(seed.doc).columns.find((c) => c.name === name)?.id ?? '';
    const bobOrigin = userOrigin(bob.id);
    createDeal(seed.doc, { title: 'Amazon → OpenAI', amount: 50e9, expectedClose: '2026-04-30', columnId: col('In talks') }, bobOrigin);
    createDeal(seed.doc, { title: 'SoftBank more', amount: 30e9, probability: 70, expectedClose: '2026-03-31', columnId: col('Agreed') }, bobOrigin);
    createDeal(seed.doc, { title: 'NVIDIA tranche', amount: 10e9, columnId: col('Rumoured') }, bobOrigin);
    createDeal(seed.doc, { title: 'Euro deal', amount: 2e9, currency: 'EUR', columnId: col('Rumoured') }, bobOrigin);
    createDeal(seed.doc, { title: 'Meta buys Manus', amount: 2e9, columnId: col('Closed') }, bobOrigin);
    a = await openAs(browser, server.url, ada);
    b = await openAs(browser, server.url, bob);
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('the forecast’s totals equal the board’s open-column totals, and follow a remote move live', async () => {
    await a.page.goto(`${server.url}/#/b/${boardId}/insights`);
    const total = a.page.getByTestId('forecast-total');
    await total.waitFor();
    const expected = openTotals();
    expect(expected.count).toBe(4);
    await expect.poll(() => total.getAttribute('data-sum')).toBe(String(expected.sum));
    expect(Number(await total.getAttribute('data-weighted'))).toBeCloseTo(expected.weighted, 3);
    expect(await total.getAttribute('data-count')).toBe('4');
    expect(await a.page.locator('.insights-note').first().textContent()).toContain('(1 deal)');
    await a.page.locator('.insights-chart canvas').first().waitFor();

    const closed = selectColumns(seed.doc).columns.find((c) => c.name === 'Closed')?.id ?? '';
    const softbank =
      selectLanes(seed.doc)
        .flatMap((l) => l.deals)
        .find((d) => d.title === 'SoftBank more')?.id ?? '';
    moveDeal(seed.doc, { dealId: softbank, toColumnId: closed }, userOrigin('bob'));
    const after = openTotals();
    await expect.poll(() => total.getAttribute('data-sum')).toBe(String(after.sum));
    expect(after.sum).toBe(expected.sum - 30e9);
    await a.page.getByTestId('win-rate').getByText('2', { exact: true }).waitFor();
    // The funnel, from the activity history: SoftBank entered Agreed, then went on and was won.
    await expect
      .poll(() => a.page.getByTestId('funnel-table').locator('tr', { hasText: 'Agreed' }).locator('td').allTextContents())
      .toEqual(['1', '1', '1', '0', '100%']);
    expect(a.errors).toEqual([]);
  });

  it('imports a CSV end to end: choose, preview with errors by row and field, confirm, seen on another board', async () => {
    await gotoBoard(b.page, server.url, boardId);
    await gotoBoard(a.page, server.url, boardId);
    await a.page.getByRole('button', { name: 'Board actions' }).click();
    await a.page.getByRole('menuitem', { name: 'Import CSV…' }).click();
    const csv = [
      'Deal - Title;Deal - Value;Deal - Stage;Deal - Organization',
      'Imported one;$5B;Rumoured;Acme',
      'Imported two;"1,500,000";Due diligence;Beta',
      'Broken;1,5B;Rumoured;X',
    ].join('\n');
    await a.page.getByTestId('import-file').setInputFiles({ name: 'pipedrive.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv) });
    const preview = a.page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await a.page.getByTestId('import-created').textContent()).toBe('2');
    expect(await a.page.getByTestId('import-skipped').textContent()).toBe('1');
    await preview.getByText(/Row 4, Amount: '1,5B' is ambiguous/).waitFor();
    await preview.getByText('New stages to add: Due diligence').waitFor();
    await a.page.getByRole('button', { name: 'Import 2 deals' }).click();
    await card(b.page, 'Imported one', 'Rumoured').waitFor();
    await card(b.page, 'Imported two', 'Due diligence').waitFor();
    expect(await card(b.page, 'Broken').count()).toBe(0);
    expect(a.errors).toEqual([]);
  });
});
