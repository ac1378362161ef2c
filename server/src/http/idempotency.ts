/**
 * `Idempotency-Key` for POSTs that create things: a retried request (same board, same
 * caller, same key, within a day) gets the first answer again instead of a second record.
 * Answers are kept in the store, so a retry after a restart is still recognised; retries
 * that arrive while the first is still running wait for it.
 */
import type { Store } from '../store/Store';
import { HttpError } from './errors';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Keys longer than this are refused (400). */
const MAX_KEY_LENGTH = 200;

const running = new Map<string, Promise<StoredAnswer>>();

/**
 * Runs `create` once per key; without a key, always.
 * @example const answer = await withIdempotency(store, { boardId, userId, key: req.get('Idempotency-Key') }, create);
 */
export async function withIdempotency(
  store: Store,
  scope: { boardId: string; userId: string; key: string | undefined },
  create: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  const { boardId, userId, key } = scope;
  if (key === undefined) return create();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new HttpError(400, 'invalid_input', `Idempotency-Key: must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  const slot = JSON.stringify([boardId, userId, key]);
  const inFlight = running.get(slot);
  if (inFlight) return inFlight;
  const attempt = (async () => {
    const known = await store.getIdempotentAnswer(boardId, userId, key);
    if (known) return { status: known.status, body: JSON.parse(known.body) as unknown };
    const answer = await create();
    await store.saveIdempotentAnswer({ boardId, userId, key, status: answer.status, body: JSON.stringify(answer.body) });
    return answer;
  })();
  running.set(slot, attempt);
  try {
    return await attempt;
  } finally {
    running.delete(slot);
  }
}
