/** Owners: make a single-use, expiring invite link with a role; the secret is shown this once. */
import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { ROLES, type Role } from '../../../../shared/src/roles';

export function InviteLinkPanel({ boardId, onCreated }: { boardId: string; onCreated: () => void }) {
  const [role, setRole] = useState<Role>('editor');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setError(null);
    try {
      const { token } = await api.createInviteLink(boardId, role);
      setLink(`${window.location.origin}/#/invite/${token}`);
      onCreated();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="invite-link">
      <div className="field-label">Or invite with a one-time link</div>
      <div className="token-form-row">
        <select className="select" aria-label="Role for the invite link" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r[0]?.toUpperCase() + r.slice(1)}
            </option>
          ))}
        </select>
        <button type="button" className="btn" onClick={() => void create()}>
          Create a one-time link
        </button>
      </div>
      {link ? (
        <>
          <input className="input" readOnly value={link} aria-label="Invite link" data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
          <div className="field-hint">Works once and expires in 7 days. Send it to one person; they can sign up with it.</div>
        </>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
