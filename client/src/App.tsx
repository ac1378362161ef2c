/** The app shell: session gate, then the route (boards list or a board). */
import { useRoute } from './lib/route';
import { SessionProvider, useSession } from './features/auth/session';
import { AuthScreen } from './features/auth/AuthScreen';
import { BoardsPage } from './features/boards/BoardsPage';
import { BoardScreen } from './features/board/BoardScreen';
import { JoinByLink } from './features/auth/JoinByLink';
import { Toasts } from './ui/toast';
import { Logo } from './ui/Logo';

export function App() {
  return (
    <SessionProvider>
      <Gate />
      <Toasts />
    </SessionProvider>
  );
}

function Gate() {
  const { state, retry } = useSession();
  const route = useRoute();
  if (state.status === 'loading') {
    return (
      <div className="splash" aria-busy="true">
        <Logo size={40} />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="splash">
        <div className="empty">
          <h2>Tranche is not reachable</h2>
          <p>{state.message}</p>
          <button type="button" className="btn btn-primary" onClick={retry}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (state.status === 'anonymous') return <AuthScreen invite={route.name === 'invite' ? route.token : undefined} />;
  if (route.name === 'invite') return <JoinByLink token={route.token} />;
  if (route.name === 'board') return <BoardScreen key={route.boardId} boardId={route.boardId} dealId={route.dealId} view={route.view} />;
  return <BoardsPage />;
}
