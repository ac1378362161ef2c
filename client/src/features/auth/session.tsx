/** Who is signed in: loaded once from /api/auth/me, set by sign-in / sign-up, cleared by sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, type User } from '../../api';
import { announceAuth } from '../../lib/authChannel';
import { claimLocalData, wipeLocalData } from '../../lib/localData';
import { takeSession } from '../../lib/earlyRequests';

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'error'; message: string } | { status: 'signed-in'; user: User };

interface SessionApi {
  state: SessionState;
  setUser: (user: User) => void;
  signOut: () => Promise<void>;
  /** Signs out every browser of this account, this one included. */
  signOutEverywhere: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    takeSession().then(
      // This device's offline copies must be this user's before any board opens.
      (user) => void claimLocalData(user.id).then(() => live && setState({ status: 'signed-in', user })),
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', message: err instanceof Error ? err.message : 'Cannot reach the server.' });
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const setUser = useCallback((user: User) => {
    void claimLocalData(user.id).then(() => {
      setState({ status: 'signed-in', user });
      announceAuth({ type: 'signed-in', userId: user.id });
    });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      announceAuth({ type: 'signed-out' });
      setState({ status: 'anonymous' });
      location.hash = '#/';
      // Every local board copy and cached answer of this user goes (open copies close as the board unmounts).
      void wipeLocalData();
    }
  }, []);
  const signOutEverywhere = useCallback(async () => {
    await api.logoutEverywhere();
    setState({ status: 'anonymous' });
    location.hash = '#/';
  }, []);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((a) => a + 1);
  }, []);

  const value = useMemo(() => ({ state, setUser, signOut, signOutEverywhere, retry }), [state, setUser, signOut, signOutEverywhere, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession needs a SessionProvider');
  return s;
}

/** The signed-in user; only for screens rendered after sign-in. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser outside a signed-in screen');
  return state.user;
}
