/** Invitations waiting for my answer: nobody joins a board without saying yes. */
import { useEffect, useState } from 'react';
import { api, errorMessage, type MyInvitation } from '../../api';
import { boardHref, navigate } from '../../lib/route';

const article = (role: string) => (role === 'editor' || role === 'owner' ? `an ${role}` : `a ${role}`);

export function PendingInvitations({ onJoined }: { onJoined: () => void }) {
  const [invitations, setInvitations] = useState<MyInvitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.myInvitations().then(setInvitations, () => setInvitations([]));
  }, []);

  const answer = async (inv: MyInvitation, accept: boolean) => {
    setError(null);
    try {
      if (accept) await api.acceptInvitation(inv.id);
      else await api.declineInvitation(inv.id);
      setInvitations((list) => list.filter((i) => i.id !== inv.id));
      if (accept) {
        onJoined();
        navigate(boardHref(inv.boardId));
      }
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (invitations.length === 0 && !error) return null;
  return (
    <section className="invitations" aria-label="Invitations">
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <ul className="invitation-list">
        {invitations.map((inv) => (
          <li key={inv.id} className="invitation-row" data-invitation-board={inv.boardName}>
            <span>
              {inv.invitedBy?.name ?? 'An owner'} invited you to <strong>{inv.boardName}</strong> as {article(inv.role)}.
            </span>
            <span className="invitation-actions">
              <button type="button" className="btn btn-sm" onClick={() => void answer(inv, false)}>
                Decline
              </button>
              <button type="button" className="btn btn-sm btn-primary" onClick={() => void answer(inv, true)}>
                Join
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
