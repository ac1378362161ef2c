/** My boards with my role; create one from a template; owners manage members, rename, delete. */
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type BoardSummary } from '../../api';
import { BoardTile, type BoardStats } from './BoardTile';
import { TopBar } from '../../ui/TopBar';
import { Icon } from '../../ui/Icon';
import { boardHref, navigate } from '../../lib/route';
import { useNow } from '../../hooks/useNow';
import { NewBoardDialog } from './NewBoardDialog';
import { MembersDialog } from './MembersDialog';
import { RenameBoardDialog, DeleteBoardDialog } from './BoardAdminDialogs';
import { PendingInvitations } from './PendingInvitations';

type Modal =
  { kind: 'new' } | { kind: 'members'; board: BoardSummary } | { kind: 'rename'; board: BoardSummary } | { kind: 'delete'; board: BoardSummary } | null;

export function BoardsPage() {
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const [stats, setStats] = useState<Record<string, BoardStats>>({});
  const now = useNow(60_000);

  const load = useCallback(() => {
    api.listBoards().then(
      (list) => {
        const sorted = [...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
        setBoards(sorted);
        setError(null);
        // Deal counts and stages for the first screenful of tiles; a failure just leaves them out.
        for (const b of sorted.slice(0, 24)) {
          api.getBoard(b.id).then(
            (d) => {
              const columns = Array.isArray(d.columns) ? (d.columns as Array<{ id?: unknown; name?: unknown; color?: unknown }>) : [];
              setStats((s) => ({
                ...s,
                [b.id]: {
                  dealCount: typeof d.dealCount === 'number' ? d.dealCount : null,
                  stages: columns.map((c) => ({ id: String(c.id), name: String(c.name), color: typeof c.color === 'string' ? c.color : null })),
                },
              }));
            },
            () => undefined,
          );
        }
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  const close = () => setModal(null);
  const closeAndReload = () => {
    close();
    load();
  };

  return (
    <div className="page">
      <TopBar />
      <main className="boards">
        <div className="boards-head">
          <div>
            <h1 className="page-title">Boards</h1>
            <p className="page-subtitle">Pipelines you work on with your team. Changes appear live for everyone.</p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'new' })}>
            <Icon name="plus" /> New board
          </button>
        </div>
        <PendingInvitations onJoined={load} />
        {error ? (
          <div className="form-error" role="alert">
            {error}{' '}
            <button type="button" className="link-btn" onClick={load}>
              Retry
            </button>
          </div>
        ) : null}
        {boards === null && !error ? (
          <div className="board-grid" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <div key={i} className="board-tile board-tile-skeleton" />
            ))}
          </div>
        ) : null}
        {boards && boards.length === 0 ? (
          <div className="empty">
            <div className="empty-icon">
              <Icon name="board" size={28} />
            </div>
            <h2>No boards yet</h2>
            <p>Create a board to track pending deals with your team: stages, amounts, owners and the conversation around each one.</p>
            <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'new' })}>
              <Icon name="plus" /> Create your first board
            </button>
          </div>
        ) : null}
        {boards && boards.length > 0 ? (
          <ul className="board-grid" aria-label="Your boards">
            {boards.map((b) => (
              <BoardTile
                key={b.id}
                board={b}
                stats={stats[b.id]}
                now={now}
                onMembers={() => setModal({ kind: 'members', board: b })}
                onRename={() => setModal({ kind: 'rename', board: b })}
                onDelete={() => setModal({ kind: 'delete', board: b })}
              />
            ))}
            <li>
              <button type="button" className="board-tile-new" onClick={() => setModal({ kind: 'new' })}>
                <Icon name="plus" size={20} />
                New board
              </button>
            </li>
          </ul>
        ) : null}
      </main>
      {modal?.kind === 'new' ? <NewBoardDialog onClose={close} onCreated={(id) => navigate(boardHref(id))} /> : null}
      {modal?.kind === 'members' ? <MembersDialog boardId={modal.board.id} boardName={modal.board.name} onClose={close} /> : null}
      {modal?.kind === 'rename' ? <RenameBoardDialog board={modal.board} onClose={close} onDone={closeAndReload} /> : null}
      {modal?.kind === 'delete' ? <DeleteBoardDialog board={modal.board} onClose={close} onDone={closeAndReload} /> : null}
    </div>
  );
}
