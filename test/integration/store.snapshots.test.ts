/**
 * Snapshot bookkeeping on the store under test (SQLite, or PostgreSQL in the pg project):
 * a room's compaction (`whenDue`) writes a snapshot only once the log since the latest one
 * holds its share of it (store/snapshotDue.ts); snapshots kept before the retention rule get
 * their log bytes (from SQLite's migration; on PostgreSQL at their board's next snapshot
 * write) and are thinned at most MAX_DROPS_PER_WRITE per write.
 */
import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_DROPS_PER_WRITE, snapshotsToDrop } from '../../server/src/store/snapshotRetention';
import { SnapshotThinningError } from '../../server/src/store/errors';
import type { Store } from '../../server/src/store/Store';
import { tempDir } from '../helpers/startServer';
import { countRows, openTestStore, rawExec, rawQuery, removeStoreFor, STORE_KIND } from '../helpers/testStores';

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await removeStoreFor(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function open(dir?: string): Promise<{ store: Store; dir: string }> {
  const dataDir = dir ?? (await tempDir());
  const store = await openTestStore(dataDir);
  const entry = opened.find((o) => o.dir === dataDir);
  if (entry) entry.store = store;
  else opened.push({ store, dir: dataDir });
  return { store, dir: dataDir };
}

/** A board whose document gets one small edit per update; `edit(n)` logs n more (through `current()`, the store open now). */
async function board(current: () => Store, boardId: string) {
  const store = current();
  const user = await store.createUser({ email: `${boardId}@example.com`, name: 'S', passwordHash: 'x' });
  await store.createBoard({ id: boardId, name: 'B', ownerId: user.id });
  const doc = new Y.Doc();
  let count = 0;
  const edit = async (n: number, value: (i: number) => unknown = (i) => i): Promise<number> => {
    let seq = 0;
    for (let k = 0; k < n; k++, count++) {
      const before = Y.encodeStateVector(doc);
      doc.getMap('board').set(`key${count % 50}`, value(count));
      const at = new Date(Date.parse('2026-03-01T00:00:00.000Z') + count * 1_000).toISOString();
      seq = await current().appendUpdates(boardId, [{ update: Y.encodeStateAsUpdate(doc, before), userId: user.id, at }]);
    }
    return seq;
  };
  return { doc, edit };
}

const snapshotSeqs = async (dir: string, boardId: string) =>
  (
    await rawQuery<{ seq: number }>(dir, {
      sqlite: `SELECT upto_seq AS seq FROM doc_snapshots WHERE board_id = '${boardId}' ORDER BY upto_seq`,
      pg: `SELECT upto_seq::int AS seq FROM doc_snapshots WHERE board_id = '${boardId}' ORDER BY upto_seq`,
    })
  ).map((row) => row.seq);

describe(`${STORE_KIND} snapshots`, () => {
  it('compacts when due only once the log since the latest snapshot holds a tenth of it; without whenDue, always', async () => {
    const { store, dir } = await open();
    const { edit } = await board(() => store, 'due');
    // 50 keys of 2 KB each: a snapshot of about 100 KB, then edits of about 30 bytes.
    const first = await edit(50, (i) => `${i}`.padEnd(2_000, '.'));
    await store.compact('due', first, { whenDue: true }); // nothing before it: due
    expect(await snapshotSeqs(dir, 'due')).toEqual([first]);
    const small = await edit(100);
    await store.compact('due', small, { whenDue: true });
    expect(await snapshotSeqs(dir, 'due')).toEqual([first]);
    expect((await store.loadDocument('due')).updates).toHaveLength(100);
    // Enough log to weigh a tenth of the snapshot: due.
    const [{ bytes } = { bytes: 0 }] = await rawQuery<{ bytes: number }>(dir, {
      sqlite: `SELECT length(state) AS bytes FROM doc_snapshots WHERE board_id = 'due'`,
      pg: `SELECT length(state) AS bytes FROM doc_snapshots WHERE board_id = 'due'`,
    });
    const big = await edit(Math.ceil(bytes / 10 / 30));
    await store.compact('due', big, { whenDue: true });
    expect(await snapshotSeqs(dir, 'due')).toEqual([first, big]);
    // An explicit compaction does not weigh.
    const one = await edit(1);
    await store.compact('due', one);
    expect((await snapshotSeqs(dir, 'due')).at(-1)).toBe(one);
  });

  it('gives snapshots kept before the rule their log bytes (SQLite: at migration; PostgreSQL: at the next write), then thins them a bounded number per write', async () => {
    const first = await open();
    let current = first.store;
    const { doc, edit } = await board(() => current, 'old');
    // An old board: 80 snapshots, one every 2 small updates, written as a version before the rule did (no log bytes kept).
    const written: number[] = [];
    for (let i = 0; i < 80; i++) {
      const seq = await edit(2);
      const row = `('old', ${seq}, X'${Buffer.from(Y.encodeStateAsUpdate(doc)).toString('hex')}', '2026-03-01T00:00:00.000Z')`;
      await rawExec(first.dir, {
        sqlite: `INSERT INTO doc_snapshots (board_id, upto_seq, state, at) VALUES ${row}`,
        pg: `INSERT INTO doc_snapshots (board_id, upto_seq, state, at) VALUES ${row.replace("X'", "'\\x")}`,
      });
      written.push(seq);
    }
    expect(await snapshotSeqs(first.dir, 'old')).toEqual(written);
    // As before migration 010 (SQLite) / 009 (PostgreSQL).
    const drop = "DROP TABLE snapshot_log_bytes; DELETE FROM migrations WHERE name LIKE '%_snapshot_log_bytes';";
    await first.store.close();
    await rawExec(first.dir, { sqlite: drop, pg: drop });
    const { store, dir } = await open(first.dir);
    current = store;
    let log = await store.listUpdates('old');
    const logBytesUpTo = (seq: number) => log.filter((u) => u.seq <= seq).reduce((sum, u) => sum + u.update.length, 0);
    const logBytesRows = () =>
      rawQuery<{ seq: number; logBytes: number }>(dir, {
        sqlite: `SELECT upto_seq AS seq, log_bytes AS logBytes FROM snapshot_log_bytes ORDER BY upto_seq`,
        pg: `SELECT upto_seq::int AS seq, log_bytes::int AS "logBytes" FROM snapshot_log_bytes ORDER BY upto_seq`,
      });
    // PostgreSQL's migration reads no log: its transaction would hold every board's snapshot writes (and every process's start) meanwhile.
    expect(await logBytesRows()).toEqual(STORE_KIND === 'pg' ? [] : written.map((seq) => ({ seq, logBytes: logBytesUpTo(seq) })));
    // The rule would drop most of them; one write drops the oldest MAX_DROPS_PER_WRITE.
    const stateBytes = await rawQuery<{ seq: number; bytes: number }>(dir, {
      sqlite: `SELECT upto_seq AS seq, length(state) AS bytes FROM doc_snapshots ORDER BY upto_seq`,
      pg: `SELECT upto_seq::int AS seq, length(state) AS bytes FROM doc_snapshots ORDER BY upto_seq`,
    });
    const droppable = snapshotsToDrop(stateBytes.map(({ seq, bytes }) => ({ seq, bytes, logBytes: logBytesUpTo(seq) })));
    expect(droppable.length).toBeGreaterThan(MAX_DROPS_PER_WRITE);
    const next = await edit(1);
    await store.compact('old', next);
    const left = await snapshotSeqs(dir, 'old');
    expect(left).toEqual([...written, next].filter((seq) => !droppable.slice(0, MAX_DROPS_PER_WRITE).includes(seq)));
    log = await store.listUpdates('old');
    expect(await logBytesRows()).toEqual(left.map((seq) => ({ seq, logBytes: logBytesUpTo(seq) })));
    // Later writes finish the job; what stays is what the rule keeps, and their log bytes go with them.
    for (let i = 0; i < 5; i++) await store.compact('old', await edit(1));
    const kept = await snapshotSeqs(dir, 'old');
    expect(kept.length).toBeLessThan(20);
    expect(kept[0]).toBe(written[0]);
    expect(await countRows(dir, 'snapshot_log_bytes')).toBe(kept.length);
    expect((await store.loadDocument('old')).snapshotSeq).toBe(kept.at(-1));
  });

  it('keeps a snapshot written when dropping older ones fails, says that is what failed, and drops them at a later write', async () => {
    const { store, dir } = await open();
    const { edit } = await board(() => store, 'thin');
    // A snapshot of about 100 KB, then two more a few small edits apart: the middle one is droppable.
    const first = await edit(50, (i) => `${i}`.padEnd(2_000, '.'));
    await store.compact('thin', first);
    const second = await edit(2);
    await store.compact('thin', second);
    // The database refuses to delete snapshots (a real failure of the drop, not of the write).
    await rawExec(dir, {
      sqlite: `CREATE TRIGGER keep_snapshots BEFORE DELETE ON doc_snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are kept'); END;`,
      pg: `CREATE FUNCTION keep_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'snapshots are kept'; END $$;
           CREATE TRIGGER keep_snapshots BEFORE DELETE ON doc_snapshots FOR EACH ROW EXECUTE FUNCTION keep_snapshots();`,
    });
    const third = await edit(2);
    const failure = await store.compact('thin', third).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SnapshotThinningError);
    expect((failure as Error).message).toMatch(new RegExp(`^Snapshot at seq ${third} written; dropping older snapshots failed: .*snapshots are kept`));
    expect(await snapshotSeqs(dir, 'thin')).toEqual([first, second, third]);
    expect((await store.loadDocument('thin')).snapshotSeq).toBe(third);
    // Once drops work again, the next write drops what the rule lets go.
    await rawExec(dir, { sqlite: 'DROP TRIGGER keep_snapshots', pg: 'DROP TRIGGER keep_snapshots ON doc_snapshots' });
    const fourth = await edit(2);
    await store.compact('thin', fourth);
    expect(await snapshotSeqs(dir, 'thin')).toEqual([first, fourth]);
  });
});
