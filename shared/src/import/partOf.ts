/**
 * The "Part of" column of an import: each cell names the round a deal is part of, by the round's
 * id, its External ID or its title, among the board's deals and the file's own rows (a round and
 * its tranches may arrive in the same file, in any order). The links are checked as the board
 * will be after the import, with the rule of parts.ts (one level deep: a round is not itself a
 * part, a part has no parts, so no cycle), and a row that breaks it gets an error and is not
 * imported; rows whose round is then not imported fail in turn.
 */
import type { Deal } from '../board/schema';

/** Where a row's deal will belong: a deal on the board, the deal another row creates, or no round. */
export type PartOfTarget = { dealId: string } | { row: number } | null;

/** A row of the file that will be imported (pass one found no error in it). */
export interface PartOfRow {
  row: number;
  /** The title the deal will have. */
  title: string;
  /** The board deal the row updates; null when it creates one. */
  dealId: string | null;
  externalId: string | null;
  /** The Part of cell as written ('' clears it); undefined when no column is mapped to it. */
  partOfText: string | undefined;
}

export interface PartOfResolution {
  /** Row → where its deal will belong, for rows whose Part of cell resolved and passes the rules. */
  targets: Map<number, PartOfTarget>;
  /** Row → why its Part of cell is refused (the row is then not imported). */
  errors: Map<number, string>;
  /** The title of a target, for the preview. */
  titleOf: (target: { dealId: string } | { row: number }) => string;
}

type Node = string; // `deal:<id>` or `row:<n>`
const dealNode = (id: string): Node => `deal:${id}`;
const rowNode = (row: number): Node => `row:${row}`;
const norm = (s: string) => s.trim().toLowerCase();

/**
 * @param rows the rows that will be imported
 * @param skippedTitles titles of rows with other errors (named in the message when referred to)
 * @example resolvePartOf(boardDeals, externalIdOf, rows, new Map())
 */
export function resolvePartOf(
  boardDeals: readonly Deal[],
  externalIdOf: (dealId: string) => string | null,
  rows: readonly PartOfRow[],
  skippedTitles: ReadonlyMap<string, number>,
): PartOfResolution {
  const byId = new Map(boardDeals.map((d) => [d.id, d]));
  const updatedBy = new Map(rows.filter((r) => r.dealId).map((r) => [r.dealId as string, r]));
  const title = new Map<Node, string>();
  for (const d of boardDeals) title.set(dealNode(d.id), updatedBy.get(d.id)?.title ?? d.title);
  for (const r of rows) if (!r.dealId) title.set(rowNode(r.row), r.title);
  const nodeOf = (r: PartOfRow): Node => (r.dealId ? dealNode(r.dealId) : rowNode(r.row));

  const byExternal = new Map<string, Node>();
  for (const d of boardDeals) {
    const ext = externalIdOf(d.id);
    if (ext) byExternal.set(ext, dealNode(d.id));
  }
  for (const r of rows) if (r.externalId) byExternal.set(r.externalId, nodeOf(r));
  const byTitle = new Map<string, Node[]>();
  for (const [node, t] of title) byTitle.set(norm(t), [...(byTitle.get(norm(t)) ?? []), node]);

  const errors = new Map<number, string>();
  const wanted = new Map<number, Node | null>();
  for (const r of rows) {
    if (r.partOfText === undefined) continue;
    const text = r.partOfText.trim();
    if (text === '') {
      wanted.set(r.row, null);
      continue;
    }
    const direct = byId.has(text) ? dealNode(text) : byExternal.get(text);
    const named = direct ? [direct] : (byTitle.get(norm(text)) ?? []);
    if (named.length === 1 && named[0]) wanted.set(r.row, named[0]);
    else if (named.length > 1) errors.set(r.row, `'${text}' names ${named.length} deals; write the round's id or External ID instead`);
    else if (skippedTitles.has(norm(text))) errors.set(r.row, `'${text}' is row ${skippedTitles.get(norm(text))}, which has errors and is not imported`);
    else errors.set(r.row, `no deal titled or with the id '${text}' on the board or in this file`);
  }

  // Check the links as the board will be after the import, until no further row drops out.
  for (;;) {
    const imported = rows.filter((r) => !errors.has(r.row));
    const present = new Set<Node>([...boardDeals.map((d) => dealNode(d.id)), ...imported.filter((r) => !r.dealId).map((r) => rowNode(r.row))]);
    const parent = new Map<Node, Node | null>();
    for (const d of boardDeals) parent.set(dealNode(d.id), d.partOf && byId.has(d.partOf) && d.partOf !== d.id ? dealNode(d.partOf) : null);
    for (const r of imported) if (wanted.has(r.row)) parent.set(nodeOf(r), wanted.get(r.row) ?? null);
    const parts = new Map<Node, number>();
    for (const [child, p] of parent) if (p !== null && p !== child) parts.set(p, (parts.get(p) ?? 0) + 1);
    const before = errors.size;
    for (const r of imported) {
      const target = wanted.get(r.row);
      if (!target) continue;
      const self = nodeOf(r);
      const name = (n: Node) => `“${title.get(n) ?? n}”`;
      if (target === self) errors.set(r.row, 'a deal cannot be part of itself');
      else if (!present.has(target)) errors.set(r.row, `${name(target)} is not imported (its row has errors)`);
      else if (cycleFrom(self, parent)) errors.set(r.row, `would make a cycle: ${cycleFrom(self, parent)?.map(name).join(' → ')}`);
      else if (parent.get(target)) errors.set(r.row, `${name(target)} is itself part of ${name(parent.get(target) as Node)}; a round cannot be a part`);
      else if (parts.has(self)) errors.set(r.row, 'this deal has parts of its own, so it cannot be a part');
    }
    if (errors.size === before) break;
  }

  const targets = new Map<number, PartOfTarget>();
  for (const r of rows) {
    if (errors.has(r.row) || !wanted.has(r.row)) continue;
    const target = wanted.get(r.row) ?? null;
    targets.set(r.row, target === null ? null : target.startsWith('deal:') ? { dealId: target.slice(5) } : { row: Number(target.slice(4)) });
  }
  const titleOf = (t: { dealId: string } | { row: number }) => title.get('dealId' in t ? dealNode(t.dealId) : rowNode(t.row)) ?? '';
  return { targets, errors, titleOf };
}

/** The loop of links from `start` back to it (start → … → start), or null. */
function cycleFrom(start: Node, parent: ReadonlyMap<Node, Node | null>): Node[] | null {
  const path = [start];
  let at = parent.get(start) ?? null;
  while (at !== null && path.length <= parent.size) {
    path.push(at);
    if (at === start) return path;
    if (path.indexOf(at) < path.length - 1) return null; // a loop that does not pass through start
    at = parent.get(at) ?? null;
  }
  return null;
}
