/**
 * From a shared mutation's result to HTTP: a rejected input is a 400 naming the field, a
 * missing record named in the path a 404, an unknown id in the body a 400, a refusal a
 * 403. A no-op is success (the record is already as asked).
 */
import type { MutationResult } from '../../../shared/src/board/result';
import { HttpError } from './errors';

/** Path parameters: a missing one is "no such thing" (404). */
const PATH_FIELDS = new Set(['dealId', 'commentId', 'columnId']);

/**
 * Throws the HttpError for a failed result; returns the value of a successful one.
 * @example const { dealId } = unwrap(createDeal(doc, input, origin), { columnId: 'body' });
 */
export function unwrap<T>(result: MutationResult<T>, bodyFields: Record<string, string> = {}): T | undefined {
  if (result.ok) return result.value;
  const { code, message, field } = result.error;
  if (code === 'noop') return undefined;
  if (code === 'forbidden') throw new HttpError(403, 'forbidden', message);
  if (code === 'not_found' && field && PATH_FIELDS.has(field) && !(field in bodyFields)) throw new HttpError(404, 'not_found', message);
  const named = field ? (bodyFields[field] ?? field) : '';
  const text = named && !message.startsWith(`${named}:`) ? `${named}: ${message}` : message;
  throw new HttpError(400, 'invalid_input', text);
}
