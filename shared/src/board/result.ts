/**
 * What every mutation returns. A no-op or a rejected input is a result, never
 * an exception, so callers (UI, server, scripts) handle both with one `if`.
 */
export type MutationErrorCode = 'invalid' | 'not_found' | 'noop' | 'forbidden';

export interface MutationError {
  code: MutationErrorCode;
  message: string;
  /** The input field at fault, e.g. "title" or "tags.3", when there is one. */
  field?: string;
}

export type MutationResult<T = void> = { ok: true; value: T } | { ok: false; error: MutationError };

/** A successful result. */
export function ok(): MutationResult<void>;
export function ok<T>(value: T): MutationResult<T>;
export function ok<T>(value?: T): MutationResult<T | undefined> {
  return { ok: true, value };
}

/** A failed result; `field` names the offending input field. */
export function fail(code: MutationErrorCode, message: string, field?: string): { ok: false; error: MutationError } {
  return field === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, field } };
}
