/**
 * Whether a credential a connection was opened with (the hash of a session id or of an
 * API token) still holds: the periodic rechecks of open Yjs connections and Socket.IO
 * sockets ask it, so a sign-out or revocation another process could not announce (Redis
 * down) still ends them. A store error throws: callers fail closed.
 */
import type { Store } from '../store/Store';

export async function credentialValid(store: Pick<Store, 'getSessionUser' | 'getTokenUser'>, credential: string): Promise<boolean> {
  return (await store.getSessionUser(credential)) !== null || (await store.getTokenUser(credential)) !== null;
}
