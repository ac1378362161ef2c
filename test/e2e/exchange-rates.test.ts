/**
 * Exchange rates in real browsers (issue 15.4): the owner enters a rate for EUR (none for JPY)
 * valid on 1 Dec 2026; the board's column totals, the table's footer and the forecast then show
 * a converted roll-up labelled "≈ … at rates of 1 Dec 2026", the per-currency totals stay, and
 * JPY is left apart. An editor's browser shows the same roll-up, and has no Exchange rates item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDeal, selectColumns, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, type DocClient } from '../helpers/clients';
import { gotoBoard, lane, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('exchange rates', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  let boardId: string;
  let seed: DocClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const [a, b] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Bob')]);
    boardId = await createBoard(server.url, a, 'Rates', 'pipeline');
    await addMember(server.url, a, boardId, b, 'editor');
    seed = connectDoc(server.url, a, boardId);
    await seed.synced;
    const col = (name: string) => selectColumns(seed.doc).columns.find((c) => c.name === name)?.id ?? '';
    const origin = userOrigin(a.id);
    createDeal(seed.doc, { title: 'Dollar deal', amount: 50e9, probability: 50, columnId: col('In talks') }, origin);
    createDeal(seed.doc, { title: 'Euro deal', amount: 10e9, currency: 'EUR', probability: 50, columnId: col('In talks') }, origin);
    createDeal(seed.doc, { title: 'Yen deal', amount: 1e9, currency: 'JPY', probability: 50, columnId: col('In talks') }, origin);
    [ada, bob] = await Promise.all([openAs(browser, server.url, a), openAs(browser, server.url, b)]);
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('the owner enters rates; lane, table and forecast show the labelled roll-up, JPY stays apart', async () => {
    await Promise.all([gotoBoard(ada.page, server.url, boardId), gotoBoard(bob.page, server.url, boardId)]);
    const adaLane = lane(ada.page, 'In talks');
    expect(await adaLane.getByTestId('lane-converted').count()).toBe(0);

    await ada.page.getByRole('button', { name: 'Board actions' }).click();
    await ada.page.getByRole('menuitem', { name: 'Exchange rates…' }).click();
    await ada.page.getByLabel('Valid for').fill('2026-12-01');
    await ada.page.getByLabel('EUR in USD').fill('1.1');
    await ada.page.getByRole('button', { name: 'Save' }).click();

    const converted = adaLane.getByTestId('lane-converted');
    await converted.waitFor();
    expect(await converted.getAttribute('data-value')).toBe(String(50e9 + 11e9));
    expect(await converted.textContent()).toBe('≈ $61B at rates of 1 Dec 2026 (without JPY)');
    // The per-currency totals stay.
    expect(await adaLane.locator('.lane-sum').textContent()).toBe('$50B');
    await adaLane.locator('.lane-other', { hasText: '€10B' }).waitFor();
    await adaLane.locator('.lane-other', { hasText: '¥1B' }).waitFor();

    // The editor's board shows it too, live; the editor has no rates item.
    const bobConverted = lane(bob.page, 'In talks').getByTestId('lane-converted');
    await bobConverted.waitFor();
    expect(await bobConverted.textContent()).toBe('≈ $61B at rates of 1 Dec 2026 (without JPY)');
    await bob.page.getByRole('button', { name: 'Board actions' }).click();
    await bob.page.getByRole('menuitem', { name: 'Import CSV…' }).waitFor();
    expect(await bob.page.getByRole('menuitem', { name: 'Exchange rates…' }).count()).toBe(0);
    await bob.page.keyboard.press('Escape');

    await ada.page.goto(`${server.url}/#/b/${boardId}/table`);
    const footer = ada.page.getByTestId('table-converted');
    await footer.waitFor();
    expect(await footer.getAttribute('data-value')).toBe(String(61e9));
    await ada.page.getByTestId('table-other-JPY').waitFor();
    expect(await ada.page.getByTestId('table-sum').getAttribute('data-value')).toBe(String(50e9));

    await ada.page.goto(`${server.url}/#/b/${boardId}/insights`);
    const forecast = ada.page.getByTestId('forecast-converted');
    await forecast.waitFor();
    // The forecast shows weighted figures by default: 25B + 5B × 1.1.
    expect(await forecast.getAttribute('data-value')).toBe(String(25e9 + 5.5e9));
    expect(await forecast.textContent()).toContain('at rates of 1 Dec 2026');
    expect(ada.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
