/** Route `#/b/<id>`: loads the board's details (role), then opens it live. */
import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage, type BoardDetails } from '../../api';
import type { BoardViewName } from '../../lib/route';
import { TopBar } from '../../ui/TopBar';
import { Icon } from '../../ui/Icon';
import { BoardRoom } from './BoardRoom';
import { BoardMessage } from './BoardMessage';
import { BoardSkeleton } from './BoardSkeleton';

type Load = { status: 'loading' } | { status: 'error'; message: string; missing: boolean } | { status: 'ready'; board: BoardDetails };

export function BoardScreen({ boardId, dealId, view = 'board' }: { boardId: string; dealId: string | null; view?: BoardViewName }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    api.getBoard(boardId).then(
      (board) => live && setLoad({ status: 'ready', board }),
      (err: unknown) =>
        live && setLoad({ status: 'error', message: errorMessage(err), missing: err instanceof ApiError && (err.status === 404 || err.status === 403) }),
    );
    return () => {
      live = false;
    };
  }, [boardId, attempt]);

  if (load.status === 'ready') return <BoardRoom key={boardId} board={load.board} dealId={dealId} view={view} />;
  return (
    <div className="page board-page">
      <TopBar>
        <a href="#/" className="btn btn-ghost btn-sm">
          <Icon name="back" size={15} /> Boards
        </a>
      </TopBar>
      {load.status === 'loading' ? (
        <BoardSkeleton />
      ) : (
        <BoardMessage
          title={load.missing ? 'Board not found' : 'Could not open the board'}
          text={load.missing ? 'It may have been deleted, or you are not a member. Ask an owner to invite you.' : load.message}
          action={load.missing ? undefined : () => setAttempt((a) => a + 1)}
        />
      )}
    </div>
  );
}
