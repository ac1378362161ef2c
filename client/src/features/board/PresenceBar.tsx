/**
 * Avatars of everyone else on the board right now (server-set names and colours). My own
 * avatar is the account button beside it, so it is not shown twice.
 */
import type { BoardConnection } from '../../connection';
import { usePresence } from '../../hooks/usePresence';
import { Avatar } from '../../ui/Avatar';
import type { User } from '../../api';

const MAX = 5;

export function PresenceBar({ conn, me }: { conn: BoardConnection; me: User }) {
  const { people } = usePresence(conn.awareness);
  const others = people.filter((p) => p.userId !== me.id);
  const shown = others.slice(0, MAX);
  const names = ['You', ...others.map((p) => p.name)].join(', ');
  return (
    <div className="presence" role="group" aria-label={`On this board now: ${names}`} data-testid="presence">
      {shown.map((p) => (
        <span key={p.userId} className="presence-item" style={{ ['--ring' as string]: p.color }} title={p.name} data-user-name={p.name}>
          <Avatar id={p.userId} name={p.name} color={p.color} size={28} />
        </span>
      ))}
      {others.length > MAX ? <span className="presence-more">+{others.length - MAX}</span> : null}
    </div>
  );
}
