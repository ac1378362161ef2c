/** My boards with my role; create one from a template; owners manage members, rename, delete. */
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type BoardSummary } from '../../api';
import { TopBar } from '../../ui/TopBar';
import { Icon } from '../../ui/Icon';
import { Menu } from '../../ui/Menu';
import { boardHref, navigate } from '../../lib/route';
import { formatRelative } from '../../lib/format';
import { colorFor } from '../../lib/color';
import { useNow } from '../../hooks/useNow';
import { NewBoardDialog } from './NewBoardDialog';
import { MembersDialog } from './MembersDialog';
import { RenameBoardDialog, DeleteBoardDialog } from './BoardAdminDialogs';

type Modal =
  | { kind: 'new' }
  | { kind: 'members'; board: BoardSummary }
  | { kind: 'rename'; board: BoardSummary }
  | { kind: 'delete'; board: BoardSummary }
  | null;

export function BoardsPage() {
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const now = useNow(60_000);

  const load = useCallback(() => {
    api.listBoards().then(
      (list) => {
        setBoards([...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  const close = () => setModal(null);

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
              <li key={b.id} className="board-tile" data-board-id={b.id}>
                <a className="board-tile-link" href={boardHref(b.id)} aria-label={`Open ${b.name}`}>
                  <span className="board-tile-mark" style={{ background: colorFor(b.id) }}>
                    <Icon name="board" size={18} />
                  </span>
                  <span className="board-tile-name">{b.name}</span>
                  <span className="board-tile-meta">
                    <span className={`badge badge-${b.role}`}>{b.role}</span>
                    <span className="muted">Updated {formatRelative(b.updatedAt, now)}</span>
                  </span>
                </a>
                {b.role === 'owner' ? (
                  <div className="board-tile-menu">
                    <Menu
                      label={`Board actions for ${b.name}`}
                      items={[
                        { label: 'Members…', icon: 'users', onSelect: () => setModal({ kind: 'members', board: b }) },
                        { label: 'Rename…', icon: 'edit', onSelect: () => setModal({ kind: 'rename', board: b }) },
                        'separator',
                        { label: 'Delete board…', icon: 'trash', danger: true, onSelect: () => setModal({ kind: 'delete', board: b }) },
                      ]}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </main>
      {modal?.kind === 'new' ? <NewBoardDialog onClose={close} onCreated={(id) => navigate(boardHref(id))} /> : null}
      {modal?.kind === 'members' ? <MembersDialog boardId={modal.board.id} boardName={modal.board.name} onClose={close} /> : null}
      {modal?.kind === 'rename' ? (
        <RenameBoardDialog
          board={modal.board}
          onClose={close}
          onDone={() => {
            close();
            load();
          }}
        />
      ) : null}
      {modal?.kind === 'delete' ? (
        <DeleteBoardDialog
          board={modal.board}
          onClose={close}
          onDone={() => {
            close();
            load();
          }}
        />
      ) : null}
    </div>
  );
}
