/** The live connection state of the open board: connecting, connected, reconnecting, offline. */
import type { BoardConnection, ConnectionStatus } from '../connection';
import { useSignal } from '../lib/signal';

export function useConnectionStatus(conn: BoardConnection): ConnectionStatus {
  return useSignal(conn.status);
}
