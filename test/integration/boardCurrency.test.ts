/**
 * The board currency is the owner's (issue 15.4): an owner's change through the document
 * stands and reaches everyone; an editor's is put back by the server, like the board's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, readBoardInfo, readDeals, selectColumns, setBoardInfo, userOrigin } from '../../shared/src/board';
import { startServer, type StartedServer } from '../helpers/startServer';
import { addMember, connectDoc, createBoard, createUser, waitFor, type TestUser } from '../helpers/clients';

describe('board currency', () => {
  let server: StartedServer;
  let ada: TestUser;
  let eve: TestUser;

  beforeAll(async () => {
    server = await startServer();
    ada = await createUser(server.url, 'Ada');
    eve = await createUser(server.url, 'Eve');
  });
  afterAll(async () => server?.close());

  it('an owner sets it; an editor writing it is put back', async () => {
    const boardId = await createBoard(server.url, ada, 'Currency');
    await addMember(server.url, ada, boardId, eve, 'editor');
    const a = connectDoc(server.url, ada, boardId);
    const e = connectDoc(server.url, eve, boardId);
    try {
      await Promise.all([a.synced, e.synced]);
      expect(setBoardInfo(a.doc, { currency: 'EUR' }, userOrigin(ada.id)).ok).toBe(true);
      await waitFor(() => readBoardInfo(e.doc).currency === 'EUR', 'the owner’s currency reaches the editor');

      expect(setBoardInfo(e.doc, { currency: 'GBP' }, userOrigin(eve.id)).ok).toBe(true);
      const columnId = selectColumns(e.doc).columns[0]?.id ?? '';
      createDeal(e.doc, { columnId, title: 'Marker' }, userOrigin(eve.id));
      await waitFor(() => readDeals(a.doc).some((d) => !d.invalid && d.title === 'Marker'), 'the later edit reached Ada');
      await waitFor(() => readBoardInfo(e.doc).currency === 'EUR', 'the editor’s currency is put back');
      expect(readBoardInfo(a.doc).currency).toBe('EUR');
    } finally {
      a.destroy();
      e.destroy();
    }
  });
});
