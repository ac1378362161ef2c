/**
 * "Saving…" while this client's own changes are not yet covered by the server's last
 * `board:saved` state vector, "saved" once they are (see BoardConnection.updateSave).
 */
import type { BoardConnection, SaveStatus } from '../connection';
import { useSignal } from '../lib/signal';

export function useSaveStatus(conn: BoardConnection): SaveStatus {
  return useSignal(conn.save);
}

/** How many of my changes are kept on this device and not yet saved on the server. */
export function useUnsavedCount(conn: BoardConnection): number {
  return useSignal(conn.unsaved);
}
