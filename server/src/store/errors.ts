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
