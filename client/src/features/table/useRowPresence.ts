/**
 * Who is on which table row: each client publishes the deal of its active row (awareness
 * `tableRow`, never stored), and rows show the other people on them. A row's list keeps its
 * identity while the same people are on it, so rows re-render only when their own list changes.
 */
import { useEffect, useMemo, useRef } from 'react';
import { usePresence, type Peer } from '../../hooks/usePresence';
import type { BoardConnection } from '../../connection';

export type RowPeers = ReadonlyArray<Pick<Peer, 'userId' | 'name' | 'color'>>;

export function useRowPresence(conn: BoardConnection, meId: string, activeDealId: string | null): Map<string, RowPeers> {
  useEffect(() => conn.setPresence({ tableRow: activeDealId }), [conn, activeDealId]);
  useEffect(() => () => conn.setPresence({ tableRow: null }), [conn]);
  const { peers } = usePresence(conn.awareness, meId);
  const previous = useRef(new Map<string, { key: string; list: RowPeers }>());
  return useMemo(() => {
    const fresh = new Map<string, Array<Pick<Peer, 'userId' | 'name' | 'color'>>>();
    for (const p of peers) {
      if (!p.tableRow || p.userId === meId) continue;
      const list = fresh.get(p.tableRow) ?? [];
      if (!list.some((x) => x.userId === p.userId)) list.push({ userId: p.userId, name: p.name, color: p.color });
      fresh.set(p.tableRow, list);
    }
    const out = new Map<string, RowPeers>();
    const kept = new Map<string, { key: string; list: RowPeers }>();
    for (const [dealId, list] of fresh) {
      const key = list.map((x) => `${x.userId}|${x.name}|${x.color}`).join(',');
      const before = previous.current.get(dealId);
      const stable = before && before.key === key ? before.list : list;
      out.set(dealId, stable);
      kept.set(dealId, { key, list: stable });
    }
    previous.current = kept;
    return out;
  }, [peers, meId]);
}
