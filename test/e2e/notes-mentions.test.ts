/**
 * @mentions in the notes editor, in real browsers: A types `@`, picks B with the keyboard (and
 * C with the mouse); the notes keep the member's id token, every screen shows a chip with the
 * member's current name (also a viewer's read-only notes), the caret steps over a chip as one
 * character, and B, on another device, gets exactly one notification live. Losing access empties
 * that board's part of the bell at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mentionToken } from '../../shared/src/board/mentions';
import type { Notification } from '../../shared/src/notifications';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, type TestUser } from '../helpers/clients';
import { dealNotes } from '../../shared/src/board';
import { userOrigin } from '../../shared/src/board/origin';
import { gotoBoard, launchBrowser, notesText, openAs, type Person } from '../helpers/browser';

describe('@mentions in the notes', () => {
  let server: StartedServer;
  let browser: Browser;
  let ada: TestUser;
  let bob: TestUser;
  let cleo: TestUser;
  let a: Person;
  let b: Person;
  let c: Person;
  let boardId: string;
  let dealId: string;

  beforeAll(async () => {
    server = await startServer({ activityQuietMs: 200 });
    browser = await launchBrowser();
    ada = await createUser(server.url, 'Ada Lovelace');
    bob = await createUser(server.url, 'Bob Noyce');
    cleo = await createUser(server.url, 'Cleo Bard');
    await createUser(server.url, 'Bonnie Outsider'); // not a member: never offered
    boardId = await createBoard(server.url, ada, 'Mega-deals');
    await addMember(server.url, ada, boardId, bob, 'editor');
    await addMember(server.url, ada, boardId, cleo, 'viewer');
    const created = await api<{ deal: { id: string } }>(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, { title: 'Amazon to invest in OpenAI' });
    dealId = created.body.deal.id;
    [a, b, c] = await Promise.all([openAs(browser, server.url, ada), openAs(browser, server.url, bob), openAs(browser, server.url, cleo)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const count = async (p: Person) => {
    const badge = p.page.getByTestId('inbox-count');
    return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
  };
  const storedNotes = async () =>
    (await api<{ deals: Array<{ id: string; notes: string }> }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`)).body.deals.find(
      (d) => d.id === dealId,
    )?.notes;
  const mentionsOfBob = async () =>
    (await api<{ notifications: Notification[] }>(server.url, bob, 'GET', '/api/me/notifications')).body.notifications.filter(
      (n) => n.boardId === boardId && n.kind === 'mention',
    );

  it('type @, arrow, Enter: a chip with the id stored; the other person gets one notification live', async () => {
    await b.page.goto(`${server.url}/#/`);
    await b.page.getByTestId('inbox-bell').waitFor();
    await expect.poll(() => count(b)).toBe(1); // being added to the board
    const before = await count(b);

    await gotoBoard(a.page, server.url, boardId, dealId);
    const notes = a.page.getByTestId('notes');
    await notes.click();
    await a.page.keyboard.type('Call @');
    const options = a.page.locator('.mention-completions [role="option"]');
    // Bob and Cleo (a viewer is a member too); not Ada herself, not the outsider.
    await expect.poll(() => options.allTextContents()).toEqual(['Bob Noyce', 'Cleo Bard']);
    const selected = () => a.page.locator('.mention-completions [aria-selected="true"]').textContent();
    await expect.poll(selected).toBe('Bob Noyce');
    await a.page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe('Cleo Bard');
    await a.page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe('Bob Noyce');
    await a.page.keyboard.type('No');
    await expect.poll(() => options.allTextContents()).toEqual(['Bob Noyce']);
    await a.page.keyboard.press('Enter'); // picks; no new line
    await a.page.locator('.mention-completions').waitFor({ state: 'detached' });
    await a.page.keyboard.type('about the cap table');

    const chip = notes.getByTestId('mention-chip');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('@Bob Noyce');
    expect(await chip.getAttribute('data-user-id')).toBe(bob.id);
    expect(await notesText(a.page)).toBe('Call @Bob Noyce about the cap table');
    await expect.poll(storedNotes).toBe(`Call ${mentionToken(bob.id, 'Bob Noyce')} about the cap table`);

    // B, in another browser, hears of it at once: one more unread, and a toast.
    await expect.poll(() => count(b)).toBe(before + 1);
    await b.page.locator('.toasts', { hasText: 'Ada Lovelace mentioned you in the notes of Amazon to invest in OpenAI' }).waitFor();
    // The typing after the mention did not mention B again: a comment (B watches the deal since) is the barrier.
    await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals/${dealId}/comments`, { body: 'Sent the deck' });
    await expect.poll(() => count(b)).toBe(before + 2);
    const mentions = await mentionsOfBob();
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({ dealId, actor: { id: ada.id }, excerpt: 'Call @Bob Noyce' }); // the line when the mention was made
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('the caret steps over a chip as one character; a click picks too; Escape closes the list', async () => {
    const notes = a.page.getByTestId('notes');
    // From the end of "Call @Bob Noyce about…": Home, then 6 steps right ("Call " and the chip) lands after the chip.
    await a.page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.type('!');
    await expect.poll(storedNotes).toBe(`Call ${mentionToken(bob.id, 'Bob Noyce')}! about the cap table`);
    // Backspace takes "!" and then the whole mention.
    await a.page.keyboard.press('Backspace');
    await a.page.keyboard.press('Backspace');
    await expect.poll(storedNotes).toBe('Call  about the cap table');

    await a.page.keyboard.press('End');
    await a.page.keyboard.type(' @');
    await a.page.locator('.mention-completions').waitFor();
    await a.page.keyboard.press('Escape');
    await a.page.locator('.mention-completions').waitFor({ state: 'detached' });
    await a.page.keyboard.type('x @Cl');
    await a.page.locator('.mention-completions [role="option"]', { hasText: 'Cleo Bard' }).click();
    await expect.poll(storedNotes).toBe(`Call  about the cap table @x ${mentionToken(cleo.id, 'Cleo Bard')} `);
    expect(await notes.getByTestId('mention-chip').allTextContents()).toEqual(['@Cleo Bard']);
  });

  it("a viewer's read-only notes show chips with the member's current name, not the stored label", async () => {
    // A token written with an old label (as after a rename) shows the person's name now.
    const writer = connectDoc(server.url, ada, boardId);
    await writer.synced;
    const text = dealNotes(writer.doc, dealId)!;
    writer.doc.transact(() => text.insert(text.length, `cc ${mentionToken(bob.id, 'Bobby')}`), userOrigin(ada.id));
    await expect.poll(storedNotes).toContain(mentionToken(bob.id, 'Bobby'));
    writer.destroy();
    await expect.poll(() => a.page.getByTestId('notes').getByTestId('mention-chip').allTextContents()).toEqual(['@Cleo Bard', '@Bob Noyce']);

    await gotoBoard(c.page, server.url, boardId, dealId);
    const readOnly = c.page.getByTestId('notes');
    await expect.poll(() => readOnly.getAttribute('aria-readonly')).toBe('true');
    await expect.poll(() => readOnly.getByTestId('mention-chip').allTextContents()).toEqual(['@Cleo Bard', '@Bob Noyce']);
    expect(await readOnly.getByTestId('mention-chip').last().getAttribute('data-user-id')).toBe(bob.id);
    expect(c.errors).toEqual([]);
  });
  it("losing access takes that board's notifications out of the bell at once, in the open tab", async () => {
    await c.page.goto(`${server.url}/#/`);
    // Added to the board, and mentioned in the notes with a click.
    await expect.poll(() => count(c)).toBe(2);
    expect((await api(server.url, ada, 'DELETE', `/api/boards/${boardId}/members/${cleo.id}`)).status).toBe(204);
    await expect.poll(() => count(c)).toBe(0);
    await c.page.getByTestId('inbox-bell').click();
    await c.page.getByTestId('inbox-panel').waitFor();
    expect(await c.page.getByTestId('inbox-item').count()).toBe(0);
    expect(c.errors).toEqual([]);
  });
});
