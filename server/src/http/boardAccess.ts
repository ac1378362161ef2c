/**
 * Board membership checks for REST. A non-member gets the same 404 as for a board that
 * does not exist, so knowing an id reveals nothing.
 */
import type { Request } from 'express';
import { hasRole, type Role } from '../../../shared/src/roles';
import { isBoardId } from '../../../shared/src/boardId';
import type { Store, UserRecord } from '../store/Store';
import { HttpError } from './errors';
import { userOf } from './requireUser';
import { annotateLog } from '../log';

export interface BoardAccess {
  boardId: string;
  user: UserRecord;
  role: Role;
}

/** The caller's role on `:id`, or 404; 403 when the role is below `needed`. */
export async function requireBoardRole(store: Store, req: Request, needed: Role): Promise<BoardAccess> {
  const user = userOf(req);
  const boardId = String(req.params.id ?? '');
  const role = isBoardId(boardId) ? await store.getRole(boardId, user.id) : null;
  if (!role) throw new HttpError(404, 'not_found', 'No such board');
  annotateLog({ boardId });
  if (!hasRole(role, needed)) throw new HttpError(403, 'forbidden', `This needs the ${needed} role; you are ${role === 'viewer' ? 'a viewer' : 'an ' + role}`);
  return { boardId, user, role };
}
