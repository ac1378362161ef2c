/**
 * Exchange rates through the real server (issue 15.4): an owner’s rates reach every client and
 * a fresh reader; an editor’s (setting, replacing or clearing them) are put back by the
 * server; a viewer’s never land.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, readDeals, readExchangeRates, selectColumns, setExchangeRates, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, api, connectDoc, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

const RATES = { asOf: '2026-12-01', perUnit: { EUR: 1.1 } };

describe('exchange rates', () => {
  let server: StartedServer;
  let ada: TestUser;
  let eve: TestUser;
  let vic: TestUser;

  beforeAll(async () => {
    server = await startServer();
    [ada, eve, vic] = await Promise.all([createUser(server.url, 'Ada'), createUser(server.url, 'Eve'), createUser(server.url, 'Vic')]);
  });
  afterAll(async () => server?.close());

  /** Eve writes a marker deal after `change`; once Ada sees it, the server has handled the change. */
  const afterMarker = async (a: ReturnType<typeof connectDoc>, e: ReturnType<typeof connectDoc>, title: string) => {
    const columnId = selectColumns(e.doc).columns[0]?.id ?? '';
    createDeal(e.doc, { columnId, title }, userOrigin(eve.id));
    await waitFor(() => readDeals(a.doc).some((d) => !d.invalid && d.title === title), `${title} reached Ada`);
  };

  it('an owner’s rates reach everyone; an editor cannot set, replace or clear them; a viewer’s never land', async () => {
    const boardId = await createBoard(server.url, ada, 'Rates');
    await addMember(server.url, ada, boardId, eve, 'editor');
    await addMember(server.url, ada, boardId, vic, 'viewer');
    const a = connectDoc(server.url, ada, boardId);
    const e = connectDoc(server.url, eve, boardId);
    const v = connectDoc(server.url, vic, boardId);
    try {
      await Promise.all([a.synced, e.synced, v.synced]);
      // An editor's rates on a board without any are taken away again.
      expect(setExchangeRates(e.doc, { asOf: '2026-11-30', perUnit: { EUR: 2 } }, userOrigin(eve.id)).ok).toBe(true);
      await afterMarker(a, e, 'Marker 1');
      await waitFor(() => readExchangeRates(e.doc) === null, 'the editor’s rates are taken away');
      expect(readExchangeRates(a.doc)).toBeNull();

      expect(setExchangeRates(a.doc, RATES, userOrigin(ada.id)).ok).toBe(true);
      await waitFor(() => readExchangeRates(e.doc)?.asOf === '2026-12-01', 'the owner’s rates reach the editor');
      await waitFor(() => readExchangeRates(v.doc)?.asOf === '2026-12-01', 'and the viewer');

      expect(setExchangeRates(e.doc, { asOf: '2026-12-02', perUnit: { EUR: 9 } }, userOrigin(eve.id)).ok).toBe(true);
      await afterMarker(a, e, 'Marker 2');
      await waitFor(() => readExchangeRates(e.doc)?.perUnit.EUR === 1.1, 'the editor’s replacement is put back');
      expect(setExchangeRates(e.doc, null, userOrigin(eve.id)).ok).toBe(true);
      await afterMarker(a, e, 'Marker 3');
      await waitFor(() => readExchangeRates(e.doc) !== null, 'the editor’s clearing is put back');

      setExchangeRates(v.doc, null, userOrigin(vic.id));
      await afterMarker(a, e, 'Marker 4');
      expect(readExchangeRates(a.doc)).toEqual({ base: 'USD', ...RATES });
    } finally {
      a.destroy();
      e.destroy();
      v.destroy();
    }
    // What is stored is what a fresh reader gets.
    const fresh = connectDoc(server.url, ada, boardId);
    try {
      await fresh.synced;
      expect(readExchangeRates(fresh.doc)).toEqual({ base: 'USD', ...RATES });
    } finally {
      fresh.destroy();
    }
    // The JSON export carries them with the board, so its totals can be converted the same way.
    const exported = await api<{ board: { rates: unknown } }>(server.url, ada, 'GET', `/api/boards/${boardId}/export.json`);
    expect(exported.status).toBe(200);
    expect(exported.body.board.rates).toEqual({ base: 'USD', ...RATES });
  });
});
