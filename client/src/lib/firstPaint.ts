/**
 * The moment an open board first painted with its synced content, cards included (BoardView
 * marks it), as `board:rendered` for the bench and the browser's performance tools, and as a
 * signal: work the first paint does not need (the service worker's install, the chunks of the
 * views not shown) waits for it, so it does not compete with loading the board.
 */
let painted = false;
const waiting: Array<() => void> = [];

/** Called once per board shown, in the frame after its first render with its content. */
export function markBoardRendered(): void {
  performance.mark('board:rendered');
  painted = true;
  for (const task of waiting.splice(0)) task();
}

/** Runs `task` once a board has painted, or after `withinMs` at the latest (the page may never show one). */
export function afterBoardPainted(task: () => void, withinMs: number): void {
  if (painted) return task();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    task();
  };
  waiting.push(once);
  setTimeout(once, withinMs);
}
