/**
 * Headless Chromium for the browser tests: one browser per file, one isolated context per
 * person (own cookies and storage), signed in by injecting the user's session cookie.
 *
 * @example
 * const browser = await launchBrowser();
 * const ada = await openAs(browser, server.url, await createUser(server.url, 'Ada'));
 * await gotoBoard(ada.page, server.url, boardId);
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestUser } from './clients';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Person {
  user: TestUser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (a test may assert there are none). */
  errors: string[];
}

/**
 * A fresh context signed in as `user`. `debug` sets localStorage 'tranche:debug' so the page
 * exposes window.__tranche (its Y.Doc and render counts) for the test.
 */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  user: TestUser,
  options: {
    debug?: boolean;
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** 'block' keeps the service worker out, so `page.route` sees every request the page makes. */
    serviceWorkers?: 'allow' | 'block';
  } = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const [name, ...rest] = user.cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: rest.join('='), url: baseUrl }]);
  if (options.debug) await context.addInitScript(() => localStorage.setItem('tranche:debug', '1'));
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|WebSocket connection/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { user, context, page, errors };
}

/** Opens a board and waits until its columns are on screen (synced). */
export async function gotoBoard(page: Page, baseUrl: string, boardId: string, dealId?: string): Promise<void> {
  await page.goto(`${baseUrl}/#/b/${encodeURIComponent(boardId)}${dealId ? `/d/${encodeURIComponent(dealId)}` : ''}`);
  // The live board's columns: the placeholder columns and the server's preview (both aria-busy) come first.
  await page.locator('.board-scroll:not([aria-busy="true"]) .lanes').waitFor();
}

/** The stage column with this name. */
export function lane(page: Page, name: string) {
  return page.locator('section.lane', { has: page.locator('.lane-title', { hasText: new RegExp(`^${escape(name)}$`) }) });
}

/** The card shell for a deal title, anywhere on the board or inside the lane `within`. */
export function card(page: Page, title: string, within?: string) {
  const shell = page.locator('.card-shell', { has: page.locator('.card-title', { hasText: title }) });
  return within ? lane(page, within).locator(shell) : shell;
}

/** Opens a deal's drawer by clicking its card (again, if a just-finished drop swallowed the click). */
export async function openDeal(page: Page, title: string): Promise<void> {
  const drawer = page.getByTestId('deal-drawer').filter({ has: page.getByTestId('field-title') });
  for (let attempt = 0; attempt < 3; attempt++) {
    await card(page, title).click();
    try {
      await page.waitForFunction((t) => (document.querySelector('[data-testid="field-title"]') as HTMLTextAreaElement | null)?.value.includes(t), title, {
        timeout: 1_500,
      });
      return;
    } catch {
      // try again
    }
  }
  await drawer.waitFor();
}

/** Drags a card with the mouse onto a lane (its end) in small steps, as a person would. */
export async function dragCardToLane(page: Page, title: string, laneName: string): Promise<void> {
  const from = await card(page, title).boundingBox();
  const to = await lane(page, laneName).locator('.lane-scroll').boundingBox();
  if (!from || !to) throw new Error('card or lane not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height - 20, 200), { steps: 12 });
  // The board previews the card in the lane it is over: drop once it shows there.
  await card(page, title, laneName).waitFor();
  await page.mouse.up();
}

/** The board copies this page's origin keeps on the device (IndexedDB `tranche-board-<id>`). */
export async function boardDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tranche-board-')));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text of the open deal's notes editor (CodeMirror), without others' caret labels. */
export async function notesText(page: Page): Promise<string> {
  return page.getByTestId('notes').evaluate((content) =>
    [...content.querySelectorAll('.cm-line')]
      .map((line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer, .cm-placeholder').forEach((n) => n.remove());
        return (copy.textContent ?? '').replace(/\u2060/g, '');
      })
      .join('\n'),
  );
}
