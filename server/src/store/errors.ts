/**
 * Errors a Store throws on purpose, with a machine-readable code, so callers can map
 * them (a taken email to 409) without knowing the storage engine. `unavailable`: the
 * database cannot be reached right now (answered 503; it may come back).
 */
export type StoreErrorCode = 'email_taken' | 'not_found' | 'conflict' | 'unavailable';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /**
     * The write certainly did not happen: the connection failed before the transaction's
     * COMMIT was sent (the database rolls back a transaction whose connection is gone), so
     * the same write may simply be tried again. False when that is not known.
     */
    readonly notCommitted = false,
  ) {
    super(message);
  }
}

/** True when `err` is a StoreError with the given code. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

/**
 * A snapshot was written, but dropping the older ones the retention rule lets go failed
 * (store/snapshotRetention.ts). Nothing is lost: the snapshots are kept and a later write
 * drops them. Thrown by compact and writeSnapshot so a caller logs what failed.
 */
export class SnapshotThinningError extends Error {
  override readonly name = 'SnapshotThinningError';

  constructor(
    readonly boardId: string,
    readonly uptoSeq: number,
    cause: unknown,
  ) {
    super(`Snapshot at seq ${uptoSeq} written; dropping older snapshots failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
