/** What must hold on every replica once it has seen everything (and, most of it, at any time). */
import type * as Y from 'yjs';
import * as board from '../../shared/src/board';

/** JSON with sorted keys: Y.Map iteration order depends on delivery order, content must not. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export function snapshot(doc: Y.Doc): string {
  return canonical({
    board: board.boardMap(doc).toJSON(),
    columns: board.columnsMap(doc).toJSON(),
    deals: board.dealsMap(doc).toJSON(),
  });
}

/**
 * Returns the list of violated invariants (empty when all hold).
 *
 * `strict` (after a full exchange): no record is invalid. Mid-run it cannot
 * be: with out-of-order delivery Yjs applies an update's deletions at once
 * but keeps its new items pending until their dependencies arrive, so a
 * field overwritten elsewhere can read as missing for a while. Then the
 * record must still show up, listed as invalid in exactly one lane.
 */
export function checkInvariants(doc: Y.Doc, now: Date, strict = true): string[] {
  const problems: string[] = [];
  const { columns, invalid: badColumns } = board.selectColumns(doc);
  if (strict && badColumns.length > 0) problems.push(`invalid columns: ${canonical(badColumns)}`);
  for (let i = 1; i < columns.length; i++) {
    if (board.compareByRank(columns[i - 1]!, columns[i]!) >= 0) problems.push('columns not strictly ordered');
  }
  const validColumnIds = new Set(columns.map((c) => c.id));
  const deals = board.readDeals(doc);
  const bad = deals.filter((d) => d.invalid);
  if (strict && bad.length > 0) problems.push(`invalid deals: ${canonical(bad)}`);
  if (deals.length !== board.dealsMap(doc).size) problems.push('readDeals does not list every deal');

  for (const includeArchived of [false, true]) {
    const lanes = board.selectLanes(doc, { includeArchived });
    const seen = new Map<string, number>();
    lanes.forEach((lane, index) => {
      if (lane.column === null && index !== lanes.length - 1) problems.push('orphan lane is not last');
      for (const record of lane.invalid) seen.set(record.id, (seen.get(record.id) ?? 0) + 1);
      for (let i = 0; i < lane.deals.length; i++) {
        const deal = lane.deals[i]!;
        seen.set(deal.id, (seen.get(deal.id) ?? 0) + 1);
        if (i > 0 && board.compareByRank(lane.deals[i - 1]!, deal) >= 0) problems.push(`lane ${lane.column?.name} not strictly ordered`);
        if (lane.column && deal.columnId !== lane.column.id) problems.push(`deal ${deal.id} in the wrong lane`);
        if (!lane.column && validColumnIds.has(deal.columnId)) problems.push(`deal ${deal.id} orphaned although its column exists`);
        if (!includeArchived && deal.archived) problems.push(`archived deal ${deal.id} shown`);
      }
      const totals = board.laneTotals(lane, board.readBoardInfo(doc).currency, now);
      const expected = expectedTotals(lane, board.readBoardInfo(doc).currency, now);
      if (canonical(totals) !== canonical(expected)) problems.push(`totals ${canonical(totals)} != ${canonical(expected)}`);
    });
    const hasOrphanLane = lanes.some((l) => l.column === null);
    for (const deal of deals) {
      if (!deal.invalid && deal.archived && !includeArchived) continue;
      if (seen.get(deal.id) !== 1) problems.push(`deal ${deal.id} appears ${seen.get(deal.id) ?? 0} times`);
    }
    const rawColumn = (id: string): unknown => board.getDealMap(doc, id)?.get('columnId');
    const needsOrphans = deals.some((d) =>
      d.invalid ? !validColumnIds.has(String(rawColumn(d.id))) : (includeArchived || !d.archived) && !validColumnIds.has(d.columnId),
    );
    if (hasOrphanLane !== needsOrphans) problems.push(`orphan lane present=${hasOrphanLane}, needed=${needsOrphans}`);
  }
  for (const deal of deals) {
    if (deal.invalid) continue;
    for (const c of deal.comments) if (c.deleted && c.body !== '') problems.push(`deleted comment ${c.id} shows a body`);
  }
  return problems;
}

/** Totals recomputed independently of laneTotals. */
function expectedTotals(lane: board.Lane, currency: string, now: Date) {
  // A part whose round is in this lane (a round: no partOf of its own) with an amount adds nothing to sums.
  const inLane = new Map(lane.deals.map((d) => [d.id, d]));
  const counted = (d: board.Deal) => {
    const round = d.partOf !== null && d.partOf !== d.id ? inLane.get(d.partOf) : undefined;
    return round !== undefined && round.partOf === null && round.amount !== null ? 0 : (d.amount ?? 0);
  };
  const pick = (list: board.Deal[]) => ({
    count: list.length,
    sum: list.reduce((s, d) => s + counted(d), 0),
    weighted: list.reduce((s, d) => s + (counted(d) * (d.probability ?? lane.column?.probability ?? 0)) / 100, 0),
  });
  const others: Record<string, ReturnType<typeof pick>> = {};
  for (const code of new Set(lane.deals.map((d) => d.currency))) {
    if (code !== currency) others[code] = pick(lane.deals.filter((d) => d.currency === code));
  }
  const stale = lane.deals.filter((d) => {
    const c = lane.column;
    if (!c || c.kind !== 'open' || c.staleDays === null || d.archived) return false;
    return now.getTime() - Date.parse(d.stageEnteredAt) > c.staleDays * 86_400_000;
  }).length;
  return { ...pick(lane.deals.filter((d) => d.currency === currency)), count: lane.deals.length, stale, otherCurrencies: others };
}
