/**
 * What this device keeps of a signed-in user (offline-first): each board's document in
 * IndexedDB (`tranche-board-<boardId>`), the changes not yet saved (in the same database), and the REST
 * answers the service worker cached (`tranche-api`). All of it belongs to one user: signing out
 * deletes it, and a different user signing in deletes the previous user's first.
 */

const BOARD_DB_PREFIX = 'tranche-board-';
/** Unsaved-change records of earlier versions, which kept them in localStorage (now in IndexedDB). */
const PENDING_PREFIX = 'tranche-pending-';
const OWNER_KEY = 'tranche:local-owner';
/** localStorage records of a user's boards: unsaved changes, read marks and watch choices (they name the boards). */
const USER_KEY_PREFIXES = [PENDING_PREFIX, 'tranche:activity-read:', 'tranche:watch:'];
/** The service worker's cache of REST answers (see client/vite.config.ts). */
export const API_CACHE = 'tranche-api';

export function boardDatabaseName(boardId: string): string {
  return `${BOARD_DB_PREFIX}${boardId}`;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // Resolves once deleted; a copy still open in another tab delays it until that tab closes it.
    request.onsuccess = request.onerror = () => resolve();
  });
}

/** Whether this device holds a copy of the board (false where the browser cannot list its databases). */
export async function hasBoardDatabase(boardId: string): Promise<boolean> {
  try {
    const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
    return databases.some((d) => d.name === boardDatabaseName(boardId));
  } catch {
    return false;
  }
}

/** Deletes one board's local copy (access lost, board deleted). */
export async function forgetBoard(boardId: string): Promise<void> {
  // The unsaved-change records live in the board's database (see pendingChanges.ts).
  await deleteDatabase(boardDatabaseName(boardId));
}

/** Deletes every local board copy, per-board record (see USER_KEY_PREFIXES) and cached REST answer on this device. */
export async function wipeLocalData(): Promise<void> {
  try {
    await wipe();
  } catch {
    // Storage refused (a locked-down browser): it kept nothing to delete.
  }
}

async function wipe(): Promise<void> {
  for (const key of Object.keys(localStorage)) if (USER_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) localStorage.removeItem(key);
  localStorage.removeItem(OWNER_KEY);
  const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
  await Promise.all([
    ...databases.filter((d) => d.name?.startsWith(BOARD_DB_PREFIX)).map((d) => deleteDatabase(d.name!)),
    typeof caches === 'undefined' ? Promise.resolve(false) : caches.delete(API_CACHE),
  ]);
}

/**
 * Records whose data this device holds; if it was someone else's (their session ended without a
 * sign-out here), theirs is deleted first so the new user never sees it.
 */
export async function claimLocalData(userId: string): Promise<void> {
  try {
    const owner = localStorage.getItem(OWNER_KEY);
    if (owner !== userId) await wipeLocalData();
    localStorage.setItem(OWNER_KEY, userId);
  } catch {
    // No storage here (a locked-down browser): there is nothing kept to protect either.
  }
}
