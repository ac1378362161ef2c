/**
 * Caps on open connections per user and per address (one instance per endpoint: the Yjs
 * WebSocket and Socket.IO). One viewer used to hold 1,000 sockets; now the connection
 * beyond the cap is refused with a clear reason.
 */
export interface ConnectionCapLimits {
  maxConnectionsPerUser: number;
  maxConnectionsPerAddress: number;
}

export class ConnectionCaps {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: ConnectionCapLimits) {}

  /** Takes a slot for the user at the address; returns its release (call once), or null over a cap. */
  acquire(userId: string, address: string | undefined): (() => void) | null {
    const where = address ?? 'unknown';
    if ((this.byUser.get(userId) ?? 0) >= this.limits.maxConnectionsPerUser) return null;
    if ((this.byAddress.get(where) ?? 0) >= this.limits.maxConnectionsPerAddress) return null;
    increment(this.byUser, userId, 1);
    increment(this.byAddress, where, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      increment(this.byUser, userId, -1);
      increment(this.byAddress, where, -1);
    };
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

export const TOO_MANY_CONNECTIONS = {
  code: 'too_many_connections',
  message: 'Too many open connections for this user or address; close some tabs and retry',
} as const;
