/**
 * Board ids are random and unguessable (base64url, 96 bits when the server makes them);
 * anything else in a path or payload is refused before it reaches the store.
 */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isBoardId(value: unknown): value is string {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}
