/**
 * What an API token may do. A session can do whatever the user's roles allow; a token is
 * limited by its scope: `read` tokens never write (REST writes refused, Yjs updates
 * dropped as for a viewer) and a board token reaches only its board.
 */
import type { Role } from '../../../shared/src/roles';
import type { Identity } from './identify';

/** False for a read-only token. */
export function canWrite(identity: Identity): boolean {
  return identity.token?.access !== 'read';
}

/** False when the identity is a token limited to another board. */
export function reachesBoard(identity: Identity, boardId: string): boolean {
  const only = identity.token?.boardId ?? null;
  return only === null || only === boardId;
}

/** The role a connection acts with: a read-only token acts as a viewer at most. */
export function effectiveRole(identity: Identity, role: Role): Role {
  return canWrite(identity) ? role : 'viewer';
}
