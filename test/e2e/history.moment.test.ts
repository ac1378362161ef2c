/**
 * The past board is told as of the moment it shows (issue 14): a deal 18 days in a 30-day
 * stage was not stale then, though it is now; and the scrubber spans the board's changes
 * (2 to 31 January), so its day ticks spread over the track instead of crowding its start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { createDeal, initBoard, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createUser, type TestUser } from '../helpers/clients';
import { card, gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

const CREATED = '2026-01-02T09:00:00.000Z';
const LAST = '2026-01-31T12:00:00.000Z';
const VIEWED = '2026-01-20T09:00:00.000Z';

describe('a past moment in the browser', () => {
  let server: StartedServer;
  let browser: Browser;
  let olga: TestUser;
  let person: Person;
  const boardId = 'pastmoment1';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    olga = await createUser(server.url, 'Olga');
    await server.store.createBoard({ id: boardId, name: 'January', ownerId: olga.id });
    const doc = new Y.Doc();
    const origin = userOrigin(olga.id);
    const log = async (at: string, edit: () => void) => {
      const before = Y.encodeStateVector(doc);
      edit();
      await server.store.appendUpdates(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: olga.id, at }]);
    };
    let columns: string[] = [];
    await log(CREATED, () => {
      const init = initBoard(doc, { name: 'January', currency: 'USD', template: 'pipeline' }, origin, { now: new Date(CREATED) });
      if (!init.ok) throw new Error(init.error.message);
      columns = init.value.columnIds;
      createDeal(doc, { columnId: columns[0]!, title: 'Waiting deal', amount: 1e9 }, origin, { now: new Date(CREATED) });
    });
    await log(LAST, () => createDeal(doc, { columnId: columns[1]!, title: 'Later deal' }, origin, { now: new Date(LAST) }));
    person = await openAs(browser, server.url, olga);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells stale as of the moment shown, not as of today', async () => {
    await gotoBoard(person.page, server.url, boardId);
    await card(person.page, 'Waiting deal', 'Rumoured').locator('.meta-stale').waitFor();
    await person.page.goto(`${server.url}/#/b/${boardId}?at=${encodeURIComponent(VIEWED)}`);
    await person.page.getByTestId('history-banner').waitFor();
    const waiting = card(person.page, 'Waiting deal', 'Rumoured');
    await waiting.waitFor();
    expect(await waiting.locator('[title$="in this stage"]').getAttribute('title')).toBe('18 days in this stage');
    expect(await waiting.locator('.meta-stale').count()).toBe(0);
    expect(await person.page.locator('.lane-stale').count()).toBe(0);
  });

  it('spreads the day ticks over the track, from the first change to the last', async () => {
    const ticks = person.page.getByTestId('history-tick');
    await ticks.nth(1).waitFor();
    const lefts = await ticks.evaluateAll((nodes) => nodes.map((n) => parseFloat((n as HTMLElement).style.left)));
    expect(lefts).toHaveLength(2);
    expect(lefts[0]).toBe(0);
    expect(lefts[1]).toBeGreaterThan(95);
    expect(person.errors).toEqual([]);
  });
});
