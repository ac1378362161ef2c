/**
 * Route `#/b/<id>`: opens the board's connection at once and shows the board once its details
 * (name, role) have arrived. The document and the details load in parallel: both wait for the
 * server to load the board, and waiting for one before asking for the other doubled that wait.
 */
import { useEffect, useState } from 'react';
import { ApiError, errorMessage, type BoardDetails } from '../../api';
import { BoardConnection } from '../../connection';
import { useUser } from '../auth/session';
import { parseRoute, type BoardViewName } from '../../lib/route';
import { TopBar } from '../../ui/TopBar';
import { Icon } from '../../ui/Icon';
import { BoardRoom } from './BoardRoom';
import { BoardMessage } from './BoardMessage';
import { BoardPreviewOrSkeleton } from './BoardPreview';

type Load =
  | { status: 'loading'; conn: BoardConnection | null }
  | { status: 'error'; message: string; missing: boolean }
  | { status: 'ready'; board: BoardDetails; conn: BoardConnection };

export function BoardScreen({ boardId, dealId, view = 'board' }: { boardId: string; dealId: string | null; view?: BoardViewName }) {
  const [load, setLoad] = useState<Load>({ status: 'loading', conn: null });
  const [attempt, setAttempt] = useState(0);
  const me = useUser();

  useEffect(() => {
    let live = true;
    // Read as the connection opens (switching views later does not reopen it): only the live board view paints a preview.
    const route = parseRoute(location.hash);
    const conn = new BoardConnection(boardId, me.id, route.name === 'board' && route.view === 'board' && route.at === null);
    setLoad({ status: 'loading', conn });
    conn.details.then(
      (board) => live && setLoad({ status: 'ready', board, conn }),
      (err: unknown) => {
        conn.destroy();
        if (live) setLoad({ status: 'error', message: errorMessage(err), missing: err instanceof ApiError && (err.status === 404 || err.status === 403) });
      },
    );
    return () => {
      live = false;
      conn.destroy();
    };
  }, [boardId, me.id, attempt]);

  if (load.status === 'ready') return <BoardRoom key={load.conn.doc.guid} conn={load.conn} board={load.board} dealId={dealId} view={view} />;
  return (
    <div className="page board-page">
      <TopBar>
        <a href="#/" className="btn btn-ghost btn-sm">
          <Icon name="back" size={15} /> Boards
        </a>
      </TopBar>
      {load.status === 'loading' ? (
        <BoardPreviewOrSkeleton conn={load.conn} label="Loading board…" />
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
