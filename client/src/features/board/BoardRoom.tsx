/**
 * An open board: provides its connection's store and session to everything inside (the
 * connection is BoardScreen's, opened before the board's details arrived). Handles access loss
 * and deletion while open.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type BoardDetails, type Member } from '../../api';
import { canEdit } from '../../../../shared/src/roles';
import type { BoardConnection } from '../../connection';
import { BoardStoreContext } from '../../hooks/useBoard';
import { usePresence } from '../../hooks/usePresence';
import { useSignal } from '../../lib/signal';
import { boardHref, navigate, useRoute, type BoardViewName } from '../../lib/route';
import { usePastBoard } from '../history/usePastBoard';
import { HistoryBar } from '../history/HistoryBar';
import { useUser } from '../auth/session';
import { TopBar } from '../../ui/TopBar';
import { FlipController } from './flip';
import { BoardSessionContext, type BoardSession, type Person } from './boardSession';
import { BoardLayout } from './BoardLayout';
import { BackToBoards, BoardMessage } from './BoardMessage';
import { conflictNotices } from './drawer/conflictNotices';

export function BoardRoom({ conn, board, dealId, view }: { conn: BoardConnection; board: BoardDetails; dealId: string | null; view: BoardViewName }) {
  const me = useUser();
  const role = useSignal(conn.role) ?? board.role;
  const closed = useSignal(conn.closed);
  const synced = useSignal(conn.synced);
  const presence = usePresence(conn.awareness, me.id);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [flip] = useState(() => new FlipController());
  // Listening from the start: a conflict told while the deal's drawer is closed still shows when it opens.
  useState(() => conflictNotices(conn));
  const route = useRoute();
  const at = route.name === 'board' ? route.at : null;
  const past = usePastBoard(board.id, at);

  useEffect(() => {
    let live = true;
    api.listMembers(board.id).then(
      (list) => live && setMembers(list),
      () => live && setMembers(null),
    );
    return () => {
      live = false;
    };
  }, [board.id, role]);

  const people = useMemo(() => {
    const map = new Map<string, Person>();
    for (const m of members ?? []) map.set(m.user.id, { id: m.user.id, name: m.user.name, color: null });
    for (const p of presence.people) map.set(p.userId, { id: p.userId, name: p.name, color: p.color });
    if (!map.has(me.id)) map.set(me.id, { id: me.id, name: me.name, color: null });
    return map;
  }, [members, presence.people, me]);

  const peopleRef = useRef(people);
  useEffect(() => {
    peopleRef.current = people;
  }, [people]);

  useEffect(() => {
    flip.setColorSource((id) => {
      const deal = conn.store.deal(id);
      return deal && !deal.invalid ? (peopleRef.current.get(deal.updatedBy)?.color ?? null) : null;
    });
    // The initial sync is not news: only changes after it glide and glow.
    return conn.store.onRemoteChange((change) => {
      if (conn.synced.get()) flip.capture(change);
    });
  }, [conn, flip]);

  useEffect(() => {
    conn.setPresence({ openDealId: dealId });
  }, [conn, dealId]);

  const openDeal = useCallback((id: string | null) => navigate(boardHref(board.id, id, view, at)), [board.id, view, at]);

  // Viewing a past moment is read-only for everyone.
  const readOnly = !canEdit(role) || at !== null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (readOnly || !(e.ctrlKey || e.metaKey)) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        conn.undo.undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        conn.undo.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [conn, readOnly]);

  const viewedAt = at === null ? null : Date.parse(at);
  const session: BoardSession = useMemo(
    () => ({ conn, boardId: board.id, me, role, readOnly, viewedAt, members, people, flip, openDeal }),
    [conn, board.id, me, role, readOnly, viewedAt, members, people, flip, openDeal],
  );

  if (closed) {
    const text =
      closed === 'deleted'
        ? 'An owner deleted this board. Its deals are no longer available.'
        : closed === 'access-removed'
          ? 'An owner removed your access to this board.'
          : 'It may have been deleted, or you are not a member.';
    return (
      <div className="page board-page">
        <TopBar>
          <BackToBoards />
        </TopBar>
        <BoardMessage
          title={closed === 'deleted' ? 'This board was deleted' : closed === 'access-removed' ? 'You no longer have access' : 'Board not found'}
          text={text}
        />
      </div>
    );
  }

  const store = at && past?.status === 'ready' ? past.store : conn.store;
  const history = at ? <HistoryBar boardId={board.id} dealId={dealId} at={at} /> : undefined;
  return (
    <BoardStoreContext.Provider value={store}>
      <BoardSessionContext.Provider value={session}>
        <BoardLayout fallbackName={board.name} dealId={dealId} synced={synced && (!at || past?.status === 'ready')} view={view} history={history} />
      </BoardSessionContext.Provider>
    </BoardStoreContext.Provider>
  );
}
