/**
 * A room's compaction on the real server and store (SQLite, or PostgreSQL in the pg project)
 * when the database refuses to drop snapshots: the snapshot is written, the log says that
 * dropping older ones failed (not that the snapshot did), and nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateDeal, userOrigin } from '../../shared/src/board';
import { dealsMap } from '../../shared/src/board/schema';
import { onLogLine, setLogging } from '../../server/src/log';
import { startServer } from '../helpers/startServer';
import { rawExec } from '../helpers/testStores';
import { connectDoc, createUser, waitFor } from '../helpers/clients';
import { keptSeqs, must, seedSnapshottedBoard } from '../helpers/snapshots';

describe("a room's compaction when dropping older snapshots fails", () => {
  it('logs that the drop failed (not the snapshot), keeps the snapshot it wrote and the older ones', { timeout: 60_000 }, async () => {
    const small = await startServer({ compactEvery: 5 });
    const lines: string[] = [];
    const stopListening = onLogLine((line) => void lines.push(line));
    try {
      const user = await createUser(small.url, 'Tia');
      const id = 'retainboard3';
      const origin = userOrigin(user.id);
      const { seed, seq: first, snapshotBytes } = await seedSnapshottedBoard(small, user, id, 100);
      const before = Y.encodeStateVector(seed);
      must(updateDeal(seed, { dealId: [...dealsMap(seed).keys()][0]!, patch: { amount: 1 } }, origin));
      const second = await small.store.appendUpdates(id, [{ update: Y.encodeStateAsUpdate(seed, before), userId: user.id, at: new Date().toISOString() }]);
      await small.store.compact(id, second); // a few bytes after the first: the rule drops it once a third is written
      await rawExec(small.dataDir, {
        sqlite: `CREATE TRIGGER keep_snapshots BEFORE DELETE ON doc_snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are kept'); END;`,
        pg: `CREATE FUNCTION keep_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'snapshots are kept'; END $$;
             CREATE TRIGGER keep_snapshots BEFORE DELETE ON doc_snapshots FOR EACH ROW EXECUTE FUNCTION keep_snapshots();`,
      });
      setLogging(true);
      // Edits of at least 40 bytes each, till the log since the second weighs a tenth of it: the room's compaction writes a third.
      const client = connectDoc(small.url, user, id);
      await client.synced;
      const dealId = [...dealsMap(client.doc).keys()][1]!;
      const count = Math.ceil(snapshotBytes / 10 / 40);
      for (let i = 0; i < count; i++) must(updateDeal(client.doc, { dealId, patch: { amount: 10 + i } }, origin));
      await waitFor(() => lines.some((line) => line.includes('dropping older snapshots failed')), 'the failed drop logged', 20_000);
      client.destroy();
      const logged = lines.find((line) => line.includes('dropping older snapshots failed'))!;
      expect(JSON.parse(logged)).toMatchObject({ level: 'warn', where: 'sync', boardId: id, error: expect.stringContaining('snapshots are kept') });
      expect(lines.filter((line) => line.includes('snapshot failed'))).toEqual([]);
      const kept = await keptSeqs(small, id);
      expect(kept.slice(0, 2)).toEqual([first, second]);
      expect(kept.length).toBeGreaterThanOrEqual(3); // one more when the edits outweigh a tenth of the third too
      expect((await small.store.loadDocument(id)).snapshotSeq).toBe(kept.at(-1));
    } finally {
      setLogging(false);
      stopListening();
      await small.close();
    }
  });
});
