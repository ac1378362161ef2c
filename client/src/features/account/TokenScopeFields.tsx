/** What a new API token may do: read or read-and-write, all boards or one, and when it expires. */
import { useEffect, useState } from 'react';
import { api, type ApiToken, type BoardSummary, type NewTokenInput } from '../../api';
import { formatRelative } from '../../lib/format';

export type TokenScope = Omit<NewTokenInput, 'name'>;

export const DEFAULT_SCOPE: TokenScope = { access: 'read', boardId: null, expiresInDays: 90 };

const EXPIRY_CHOICES: { days: number | null; label: string }[] = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: null, label: 'Never' },
];

export function TokenScopeFields({ scope, onChange }: { scope: TokenScope; onChange: (scope: TokenScope) => void }) {
  const [boards, setBoards] = useState<BoardSummary[]>([]);
  useEffect(() => {
    api.listBoards().then(setBoards, () => setBoards([]));
  }, []);
  return (
    <div className="token-scope">
      <div className="field">
        <label className="field-label" htmlFor="token-access">
          Access
        </label>
        <select
          id="token-access"
          className="select"
          value={scope.access}
          onChange={(e) => onChange({ ...scope, access: e.target.value === 'write' ? 'write' : 'read' })}
        >
          <option value="read">Read only</option>
          <option value="write">Read and write</option>
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="token-board">
          Boards
        </label>
        <select id="token-board" className="select" value={scope.boardId ?? ''} onChange={(e) => onChange({ ...scope, boardId: e.target.value || null })}>
          <option value="">All my boards</option>
          {boards.map((b) => (
            <option key={b.id} value={b.id}>
              Only “{b.name}”
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="token-expiry">
          Expires
        </label>
        <select
          id="token-expiry"
          className="select"
          value={scope.expiresInDays === null ? 'never' : String(scope.expiresInDays)}
          onChange={(e) => onChange({ ...scope, expiresInDays: e.target.value === 'never' ? null : Number(e.target.value) })}
        >
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.label} value={c.days === null ? 'never' : String(c.days)}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** "Read only · one board · expires in 3 days · last used 2 hours ago". */
export function describeToken(token: ApiToken, now: number): string {
  const parts = [token.access === 'read' ? 'Read only' : 'Read and write', token.boardId ? 'one board' : 'all boards'];
  if (token.expiresAt) parts.push(Date.parse(token.expiresAt) <= now ? 'expired' : `expires ${formatRelative(token.expiresAt, now)}`);
  parts.push(token.lastUsedAt ? `last used ${formatRelative(token.lastUsedAt, now)}` : 'never used');
  return parts.join(' · ');
}
