/** What every part of an open board needs besides the document: connection, who I am, role, people. */
import { createContext, useContext } from 'react';
import type { BoardConnection } from '../../connection';
import type { Member, User } from '../../api';
import type { Role } from '../../../../shared/src/roles';
import type { FlipController } from './flip';
import { plainMessage } from '../../lib/plainMessage';

export interface Person {
  id: string;
  name: string;
  color: string | null;
}

export interface BoardSession {
  conn: BoardConnection;
  boardId: string;
  me: User;
  role: Role;
  readOnly: boolean;
  /** The moment a past board shows (ms), null on the live board: "stale" and "overdue" are told as of it. */
  viewedAt: number | null;
  /** Members from the server (null until loaded or when not allowed). */
  members: Member[] | null;
  /** Everyone we can name: members, people online, me. */
  people: Map<string, Person>;
  flip: FlipController;
  openDeal: (dealId: string | null) => void;
}

export const BoardSessionContext = createContext<BoardSession | null>(null);

export function useBoardSession(): BoardSession {
  const s = useContext(BoardSessionContext);
  if (!s) throw new Error('useBoardSession outside an open board');
  return s;
}

/** Shows a failed mutation's message; returns whether it succeeded. A no-op is not a failure. */
export function reportResult(
  result: { ok: true } | { ok: false; error: { code: string; message: string } },
  what: string,
  notify: (m: string) => void,
): boolean {
  if (result.ok) return true;
  if (result.error.code !== 'noop') notify(`${what}: ${plainMessage(result.error.message)}`);
  return false;
}
