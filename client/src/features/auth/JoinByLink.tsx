/** A signed-in person opened an invite link: say what it offers, join on one click. */
import { useEffect, useState } from 'react';
import { api, errorMessage, type InviteLinkPreview } from '../../api';
import { boardHref, navigate } from '../../lib/route';
import { TopBar } from '../../ui/TopBar';

export function JoinByLink({ token }: { token: string }) {
  const [offer, setOffer] = useState<InviteLinkPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.previewInviteLink(token).then(setOffer, () => setError('This invite link is invalid, used or expired. Ask the board owner for a new one.'));
  }, [token]);

  const join = async () => {
    setBusy(true);
    try {
      const joined = await api.acceptInviteLink(token);
      navigate(boardHref(joined.boardId), true);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar />
      <main className="splash">
        <div className="empty" data-testid="join-by-link">
          {error ? (
            <p role="alert">{error}</p>
          ) : offer ? (
            <>
              <h2>Join “{offer.boardName}”</h2>
              <p>
                {offer.invitedBy ?? 'An owner'} invited you as {offer.role === 'editor' ? 'an editor' : offer.role === 'owner' ? 'an owner' : 'a viewer'}.
              </p>
              <button type="button" className="btn btn-primary" onClick={() => void join()} disabled={busy}>
                {busy ? 'Joining…' : 'Join board'}
              </button>
            </>
          ) : (
            <p aria-busy="true">Checking the invite link…</p>
          )}
          <p>
            <a href="#/">All boards</a>
          </p>
        </div>
      </main>
    </>
  );
}
