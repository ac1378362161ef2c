/**
 * A board at its size limit: the server refuses the edit that would pass it (close 4413)
 * and the page says so in its connection status instead of pretending to be live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { defaultSyncLimits } from '../../server/src/config';
import { startServer, type StartedServer } from '../helpers/startServer';
import { createBoard, createUser } from '../helpers/clients';
import { gotoBoard, launchBrowser, openAs, type Person } from '../helpers/browser';

describe('a full board', () => {
  let server: StartedServer;
  let browser: Browser;
  let owner: Person;
  let boardId: string;

  beforeAll(async () => {
    server = await startServer({ sync: { ...defaultSyncLimits, maxDocBytes: 32 * 1024 } });
    browser = await launchBrowser();
    const ada = await createUser(server.url, 'Ada');
    boardId = await createBoard(server.url, ada, 'Mega-deals', 'pipeline');
    owner = await openAs(browser, server.url, ada, { debug: true });
    await gotoBoard(owner.page, server.url, boardId);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows "Board full" in the connection status when the server refuses an edit past the limit', async () => {
    const status = owner.page.getByTestId('connection-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('connected');
    // 40 KB of text in one edit, through the page's own document (the UI caps field lengths).
    await owner.page.evaluate(() => {
      const doc = (window as unknown as { __tranche: { doc: { getMap: (n: string) => { set: (k: string, v: unknown) => void } } } }).__tranche.doc;
      doc.getMap('board').set('currency', 'X'.repeat(40_000));
    });
    await expect.poll(() => status.getAttribute('data-status')).toBe('too-large');
    expect(await status.textContent()).toContain('Board full');
    expect(await status.getAttribute('title')).toContain('size limit');
  });
});
