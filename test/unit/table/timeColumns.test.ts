/**
 * The table's time columns (time in stage, updated): they read the clock only to show a value,
 * never to sort, so a clock tick re-renders their text and re-sorts nothing; time in stage
 * still sorts in the order of the days shown, shortest first.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SYSTEM_ORIGIN, createDeal, initBoard, selectColumns, selectLanes, type Deal } from '../../../shared/src/board';
import { daysInStage } from '../../../shared/src/board/selectors';
import { COLUMN_BY_ID, type TableColumnDef, type TableRow } from '../../../client/src/features/table/tableColumns';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const HOUR = 3_600_000;
const ctx = { ownerName: () => '' };

function deals(): Deal[] {
  const doc = new Y.Doc();
  initBoard(doc, { name: 'Deals', template: 'pipeline' }, SYSTEM_ORIGIN);
  const columnId = selectColumns(doc).columns[0]?.id ?? '';
  for (const title of ['A', 'B', 'C']) createDeal(doc, { title, columnId }, { source: 'user', userId: 'u1' });
  return selectLanes(doc).flatMap((l) => l.deals);
}

const column = (id: string): TableColumnDef => {
  const def = COLUMN_BY_ID.get(id);
  if (!def) throw new Error(`no column ${id}`);
  return def;
};

const shown = (def: TableColumnDef, row: TableRow, now: Date) => (def.clock ? def.display(row, ctx, now) : def.display(row, ctx));

describe('table time columns', () => {
  it('time in stage sorts shortest first, as its days read, without the clock', () => {
    const [a, b, c] = deals();
    if (!a || !b || !c) throw new Error('three deals');
    const entered = (deal: Deal, hoursAgo: number): TableRow => ({
      deal: { ...deal, stageEnteredAt: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString() },
      column: null,
      round: null,
    });
    const rows = [entered(a, 10 * 24), entered(b, 1), entered(c, 3 * 24 + 2)];
    const def = column('timeInStage');
    expect(def.clock).toBe(true);
    const sorted = [...rows].sort((x, y) => Number(def.sortValue(x, ctx)) - Number(def.sortValue(y, ctx)));
    expect(sorted.map((r) => r.deal.title)).toEqual(['B', 'C', 'A']);
    expect(sorted.map((r) => daysInStage(r.deal, NOW))).toEqual([0, 3, 10]);
    expect(sorted.map((r) => shown(def, r, NOW))).toEqual(['today', '3d', '10d']);
    // A day later the text moves on; the sort key does not depend on the time.
    expect(sorted.map((r) => shown(def, r, new Date(NOW.getTime() + 24 * HOUR)))).toEqual(['1d', '4d', '11d']);
  });

  it('updated reads the clock to show, not to sort', () => {
    const [a] = deals();
    if (!a) throw new Error('a deal');
    const row: TableRow = { deal: { ...a, updatedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString() }, column: null, round: null };
    const def = column('updated');
    expect(def.clock).toBe(true);
    expect(def.sortValue(row, ctx)).toBe(row.deal.updatedAt);
    expect(shown(def, row, NOW)).not.toBe(shown(def, row, new Date(NOW.getTime() + 3 * 24 * HOUR)));
  });
});
