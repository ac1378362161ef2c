/**
 * Undo of a whole import in real browsers: Bob imports a CSV, undoes it from the import's
 * toast, and Ada's board loses the deals; Bob imports again and undoes it from the import's
 * activity entry, which another editor does not get a button for. An import logged before
 * imports could be undone says so on its entry instead of offering nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, createBoard, createUser } from '../helpers/clients';
import { makeEvent } from '../../server/src/activity/eventFactory';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

const CSV = ['Deal - Title;Deal - Value;Deal - Stage', 'Undo one;$5B;Rumoured', 'Undo two;$7B;Rumoured'].join('\n');

describe('import undo', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: Person; // owner, watching
  let bob: Person; // editor, the importer
  let cy: Person; // another editor
  let boardId: string;
  let bobId: string;

  const importFile = async () => {
    await bob.page.getByRole('button', { name: 'Board actions' }).click();
    await bob.page.getByRole('menuitem', { name: 'Import CSV…' }).click();
    await bob.page.getByTestId('import-file').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await bob.page.getByTestId('import-preview').waitFor();
    await bob.page.getByRole('button', { name: 'Import 2 deals' }).click();
    await card(ada.page, 'Undo one', 'Rumoured').waitFor();
    await card(ada.page, 'Undo two', 'Rumoured').waitFor();
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const [a, b, c] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Bob'), createUser(server.url, 'Cy')]);
    boardId = await createBoard(server.url, a, 'Deals', 'pipeline');
    bobId = b.id;
    await addMember(server.url, a, boardId, b, 'editor');
    await addMember(server.url, a, boardId, c, 'editor');
    [ada, bob, cy] = await Promise.all([openAs(browser, server.url, a), openAs(browser, server.url, b), openAs(browser, server.url, c)]);
    await Promise.all([gotoBoard(ada.page, server.url, boardId), gotoBoard(bob.page, server.url, boardId), gotoBoard(cy.page, server.url, boardId)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('undoes from the toast: the deals leave the other person’s board', async () => {
    await importFile();
    const toast = bob.page.locator('.toast', { hasText: 'Imported: 2 created' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await bob.page.locator('.toast', { hasText: 'Import undone: 2 deals removed, 0 put back.' }).waitFor();
    await expect.poll(() => card(ada.page, 'Undo one').count()).toBe(0);
    expect(await card(ada.page, 'Undo two').count()).toBe(0);
    expect(bob.errors).toEqual([]);
  });

  it('undoes from the activity entry, offered to the importer and not to another editor', async () => {
    await importFile();
    await cy.page.getByTestId('activity-toggle').click();
    const cyEntry = cy.page.getByTestId('activity-panel').locator('.activity-entry[data-type="deals.imported"]').first();
    await cyEntry.waitFor();
    expect(await cyEntry.getByRole('button', { name: 'Undo import' }).count()).toBe(0);

    await bob.page.getByTestId('activity-toggle').click();
    const panel = bob.page.getByTestId('activity-panel');
    await panel.locator('.activity-entry[data-type="deals.import_undone"]').first().waitFor();
    const undo = panel.getByRole('button', { name: 'Undo import' });
    // The first import is undone already: only the second offers Undo.
    await expect.poll(() => undo.count()).toBe(1);
    await undo.click();
    await expect.poll(() => card(ada.page, 'Undo one').count()).toBe(0);
    await expect.poll(() => undo.count()).toBe(0);
    expect(bob.errors).toEqual([]);
  });

  it('an import from before import undo existed says it cannot be undone, to its importer', async () => {
    // What such an import left: its activity entry, with no importId and no undo record.
    const old = makeEvent({
      boardId,
      actor: { id: bobId, name: 'Bob' },
      type: 'deals.imported',
      at: new Date(),
      summary: 'Bob imported 3 deals',
      data: { created: 3, updated: 0, skipped: 0, stagesCreated: [] },
    });
    await server.store.addActivity([old]);
    await bob.page.reload();
    await bob.page.locator('.lanes').waitFor();
    if ((await bob.page.getByTestId('activity-panel').count()) === 0) await bob.page.getByTestId('activity-toggle').click();
    const entry = bob.page.getByTestId('activity-panel').locator('.activity-entry', { hasText: 'Bob imported 3 deals' });
    await entry.getByTestId('import-not-undoable').waitFor();
    expect(await entry.getByRole('button', { name: 'Undo import' }).count()).toBe(0);
    expect(bob.errors).toEqual([]);
  });
});
