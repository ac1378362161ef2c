/**
 * Owners: invite by email with a role (pending until the person accepts; shown as
 * "invited", cancellable), make an invite link, change roles, remove people. Changes
 * apply to open boards at once.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage, type BoardInvitation, type Member } from '../../api';
import { InviteLinkPanel } from './InviteLinkPanel';
import { ROLES, type Role } from '../../../../shared/src/roles';
import { Dialog } from '../../ui/Dialog';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { formatRelative } from '../../lib/format';
import { useUser } from '../auth/session';

const ROLE_HELP: Record<Role, string> = {
  viewer: 'Viewer: sees everything, changes nothing',
  editor: 'Editor: edits deals, stages and comments',
  owner: 'Owner: also manages members and the board',
};

export function MembersDialog({ boardId, boardName, onClose }: { boardId: string; boardName: string; onClose: () => void }) {
  const me = useUser();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [invitations, setInvitations] = useState<BoardInvitation[]>([]);
  const [busy, setBusy] = useState(false);
  /** Removing someone takes a second click, like every other delete. */
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);

  const load = useCallback(() => {
    api.listMembers(boardId).then(setMembers, (err: unknown) => setError(errorMessage(err)));
    api.listInvitations(boardId).then(setInvitations, () => setInvitations([]));
  }, [boardId]);

  const cancelInvitation = async (id: string) => {
    setError(null);
    try {
      await api.cancelInvitation(boardId, id);
    } catch (err) {
      setError(errorMessage(err));
    }
    load();
  };
  useEffect(load, [load]);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setInviteError('Enter an email address, like colleague@company.com.');
      return;
    }
    setBusy(true);
    try {
      await api.addMember(boardId, { email: email.trim(), role });
      setSent(email.trim());
      setEmail('');
      setInviteError(null);
      load();
    } catch (err) {
      setInviteError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const change = async (userId: string, next: Role) => {
    setError(null);
    try {
      await api.setMemberRole(boardId, userId, next);
      load();
    } catch (err) {
      setError(errorMessage(err));
      load();
    }
  };

  const remove = async (userId: string) => {
    setError(null);
    try {
      await api.removeMember(boardId, userId);
      load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog title="Members" description={<>People who can open “{boardName}”.</>} onClose={onClose} width={560}>
      <form className="invite" onSubmit={invite} noValidate>
        <div className="field invite-email">
          <label className="field-label" htmlFor="invite-email">
            Invite by email
          </label>
          <input
            id="invite-email"
            className="input"
            type="email"
            placeholder="colleague@company.com"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setInviteError(null);
            }}
            aria-invalid={!!inviteError}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="invite-role">
            Role
          </label>
          <select id="invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r[0]?.toUpperCase() + r.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary invite-submit" disabled={busy}>
          Invite
        </button>
        {inviteError ? (
          <div className="field-error invite-error" role="alert">
            {inviteError}
          </div>
        ) : sent ? (
          <div className="field-hint invite-error" role="status">
            Invitation sent to {sent}. They join when they accept it (after signing up, if they have no account yet).
          </div>
        ) : (
          <div className="field-hint invite-error">{ROLE_HELP[role]}</div>
        )}
      </form>
      <InviteLinkPanel boardId={boardId} onCreated={load} />
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <ul className="member-list" aria-label="Members" aria-busy={members === null}>
        {(members ?? []).map((m) => (
          <li key={m.user.id} className="member-row" data-member-email={m.user.email}>
            <Avatar id={m.user.id} name={m.user.name} size={32} />
            <div className="member-who">
              <div className="member-name">
                {m.user.name}
                {m.user.id === me.id ? <span className="muted"> (you)</span> : null}
              </div>
              <div className="member-email">{m.user.email}</div>
            </div>
            <select
              className="select member-role"
              aria-label={`Role of ${m.user.name}`}
              value={m.role}
              onChange={(e) => void change(m.user.id, e.target.value as Role)}
              disabled={m.user.id === me.id}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r[0]?.toUpperCase() + r.slice(1)}
                </option>
              ))}
            </select>
            {confirmRemove === m.user.id ? (
              <button type="button" className="btn btn-danger btn-sm" autoFocus onBlur={() => setConfirmRemove(null)} onClick={() => void remove(m.user.id)}>
                Remove {m.user.name}?
              </button>
            ) : (
              <button
                type="button"
                className="icon-btn"
                aria-label={`Remove ${m.user.name}`}
                title="Remove from board"
                onClick={() => setConfirmRemove(m.user.id)}
                disabled={m.user.id === me.id}
              >
                <Icon name="trash" size={15} />
              </button>
            )}
          </li>
        ))}
        {invitations.map((inv) => (
          <li key={inv.id} className="member-row" data-invitation={inv.email ?? 'link'}>
            <Avatar id={inv.id} name={inv.email ?? 'Link'} size={32} />
            <div className="member-who">
              <div className="member-name">
                {inv.email ?? 'Invite link'} <span className="member-invited">invited</span>
              </div>
              <div className="member-email">
                {inv.role[0]?.toUpperCase() + inv.role.slice(1)}
                {inv.invitedBy ? `, invited by ${inv.invitedBy.name}` : ''}
                {inv.expiresAt ? ` · expires ${formatRelative(inv.expiresAt)}` : ''}
              </div>
            </div>
            <button
              type="button"
              className="btn btn-sm"
              aria-label={`Cancel the invitation of ${inv.email ?? 'the invite link'}`}
              onClick={() => void cancelInvitation(inv.id)}
            >
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
