/** Where I am signed in: each browser with its last use; sign one out, or all of them. */
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type ActiveSession } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { useNow } from '../../hooks/useNow';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { useSession } from '../auth/session';

/** "Chrome on Linux"-ish from a User-Agent, else the raw string. */
function deviceName(userAgent: string): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Firefox\//.test(userAgent)
    ? 'Firefox'
    : /Edg\//.test(userAgent)
      ? 'Edge'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return browser ? `${browser}${os ? ` on ${os}` : ''}` : userAgent.slice(0, 60);
}

export function SessionsDialog({ onClose }: { onClose: () => void }) {
  const { signOutEverywhere } = useSession();
  const [sessions, setSessions] = useState<ActiveSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(30_000);

  const load = useCallback(() => {
    api.listSessions().then(setSessions, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.revokeSession(id);
    } catch (err) {
      setError(errorMessage(err));
    }
    load();
  };

  return (
    <Dialog
      title="Signed-in devices"
      description="Browsers signed in to your account. A session unused for a week signs itself out."
      onClose={onClose}
      width={560}
    >
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <ul className="token-list" aria-label="Sessions" aria-busy={sessions === null}>
        {(sessions ?? []).map((s) => (
          <li key={s.id} className="token-row" data-session-id={s.id}>
            <div className="token-who">
              <div className="token-name">
                <span className="token-name-text">{deviceName(s.userAgent)}</span>
                {s.current ? <span className="badge badge-new">This browser</span> : null}
              </div>
              <div className="token-meta" title={`Signed in ${formatTimestamp(s.createdAt)}`}>
                Last used {formatRelative(s.lastSeenAt, now)}
              </div>
            </div>
            {s.current ? null : (
              <button type="button" className="btn btn-sm" onClick={() => void revoke(s.id)}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="btn btn-danger" onClick={() => void signOutEverywhere().catch((err: unknown) => setError(errorMessage(err)))}>
          Sign out everywhere
        </button>
      </div>
    </Dialog>
  );
}
