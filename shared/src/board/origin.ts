/**
 * Typed transaction origins. Every mutation runs one `doc.transact(fn, origin)`.
 * A client makes one `localOrigin` per session and gives it to Y.UndoManager's
 * `trackedOrigins`, so remote changes never enter a person's undo stack.
 */
export interface MutationOrigin {
  /** 'user': a person's edit (in the browser or through a script); 'system': the server's own (demo, import, templates). */
  readonly source: 'user' | 'system';
  /** The acting user's id, or null for the system. The server re-stamps identity fields regardless. */
  readonly userId: string | null;
}

/** The origin for changes the server makes on its own behalf. */
export const SYSTEM_ORIGIN: MutationOrigin = Object.freeze({ source: 'system', userId: null });

/** A fresh origin object for one person's session (identity matters for Y.UndoManager). */
export function userOrigin(userId: string): MutationOrigin {
  return { source: 'user', userId };
}

/** The id written to createdBy/updatedBy for system changes. */
export const SYSTEM_USER_ID = 'system';
