/**
 * A connection's access as the store has it now: its session or token still valid, and its
 * role on the board. What the upgrade read may be stale by the time a room or an early answer
 * acts on it (BoardHub.connect, EarlyAnswers), so both read it again, the same way.
 */
import type { Store } from '../store/Store';
import type { Role } from '../../../shared/src/roles';
import { credentialValid } from '../auth/credentialValid';
import type { RoomConnection } from './RoomConnection';

export type AccessStore = Pick<Store, 'getRole' | 'getSessionUser' | 'getTokenUser'>;

export async function readAccess(
  store: AccessStore,
  boardId: string,
  connection: Pick<RoomConnection, 'user' | 'credential'>,
): Promise<{ role: Role | null; valid: boolean }> {
  const [role, valid] = await Promise.all([store.getRole(boardId, connection.user.id), credentialValid(store, connection.credential)]);
  return { role, valid };
}
