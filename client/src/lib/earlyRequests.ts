/**
 * The answers opening the app waits for first, asked for as the bundle starts to run
 * (main.tsx imports this module before anything else), not once React has rendered: who is
 * signed in, and, on a board's address, the board's details. Each is handed to the first that
 * takes it; anyone later (a retry, another board, a new sign-in) asks the server again.
 */
import { api, type BoardDetails, type User } from '../api';
import type { BoardPreview } from '../model';
import { parseRoute } from './route';

const quiet = <T>(promise: Promise<T>): Promise<T> => {
  // Taken later, or never: a failure is the taker's to handle, not an unhandled rejection.
  promise.catch(() => undefined);
  return promise;
};

let session: Promise<User> | null = quiet(api.me());
const route = parseRoute(location.hash);
let board: { id: string; details: Promise<BoardDetails> } | null =
  route.name === 'board' ? { id: route.boardId, details: quiet(api.getBoard(route.boardId)) } : null;
// Only the board view paints a preview, and only of the live board.
let preview: { id: string; answer: Promise<BoardPreview> } | null =
  route.name === 'board' && route.view === 'board' && route.at === null ? { id: route.boardId, answer: quiet(api.getBoardPreview(route.boardId)) } : null;
// Asked for the address the page opened at: once the person goes elsewhere, it is not theirs to reuse.
window.addEventListener(
  'hashchange',
  () => {
    board = null;
    preview = null;
  },
  { once: true },
);

/** Who is signed in: the answer asked for as the page opened, the first time. */
export function takeSession(): Promise<User> {
  const early = session;
  session = null;
  return early ?? api.me();
}

/**
 * The board's details: the answer asked for as the page opened, the first time and for the
 * board it opened at. A failed one is asked again: asked before the session was known, it may
 * say "sign in" (401) to a person who has signed in since, or the network may be back.
 */
export function takeBoardDetails(boardId: string): Promise<BoardDetails> {
  const early = board;
  board = null;
  if (!early || early.id !== boardId) return api.getBoard(boardId);
  return early.details.catch(() => api.getBoard(boardId));
}

/** The board's first-paint preview (shared/src/board/preview.ts): the one asked for as the page opened, else a new one. */
export function takeBoardPreview(boardId: string): Promise<BoardPreview> {
  const early = preview;
  preview = null;
  if (!early || early.id !== boardId) return api.getBoardPreview(boardId);
  // As the details: asked before a sign-in, it may have been refused.
  return early.answer.catch(() => api.getBoardPreview(boardId));
}
