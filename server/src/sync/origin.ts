/**
 * Where a change to a room's document came from. Every transaction on a room's Y.Doc carries
 * one of these origins, and the room decides by `source` (one exhaustive switch) whether the
 * change is stored, stamped and told as activity, and whose it is.
 * (Model: Hocuspocus `packages/server/src/types.ts`, TransactionOrigin.)
 */
import type { MutationOrigin } from '../../../shared/src/board/origin';
import type { RoomConnection } from './RoomConnection';

/** A client's update, applied for its connection: stamped with its user, stored, told as activity. */
export interface ConnectionOrigin {
  readonly source: 'connection';
  readonly connection: RoomConnection;
}

/** Loading the board from the store: nothing new, not stored again, no activity. */
export interface LoadOrigin {
  readonly source: 'load';
}

/** Another process committed it: relayed to the connections, not stored again, no activity. */
export interface RemoteOrigin {
  readonly source: 'remote';
}

/** The server's own write through the shared mutations: for a user (REST, import) or as the system. */
export interface WriteOrigin extends MutationOrigin {
  /** The acting user's display name, for the activity of a write made for them (the room has no connection to ask). */
  readonly actorName?: string;
  /** The write tells its own activity (an import: one entry, not one per deal), so the room derives none. */
  readonly quiet?: boolean;
  /**
   * The write brings a deleted deal back as it was (history restore): its comments and
   * mentions were told when first made, so only the deal's return is activity.
   */
  readonly revives?: boolean;
}

export type TransactionOrigin = ConnectionOrigin | LoadOrigin | RemoteOrigin | WriteOrigin;

export const LOAD_ORIGIN: LoadOrigin = Object.freeze({ source: 'load' });
export const REMOTE_ORIGIN: RemoteOrigin = Object.freeze({ source: 'remote' });

export function connectionOrigin(connection: RoomConnection): ConnectionOrigin {
  return { source: 'connection', connection };
}

/** A write made for `user` (a REST call): the identity stamps and the activity are theirs, by their name. */
export function writeOriginFor(user: { id: string; name: string }): WriteOrigin {
  return { source: 'user', userId: user.id, actorName: user.name };
}

/** The same write, bringing a deleted deal back as it was (see WriteOrigin.revives). */
export function revivalOf(origin: MutationOrigin): WriteOrigin {
  return { ...origin, revives: true };
}

/** Is this transaction a revival (see WriteOrigin.revives)? */
export function isRevival(origin: unknown): boolean {
  return isTransactionOrigin(origin) && (origin.source === 'user' || origin.source === 'system') && origin.revives === true;
}

/** Every source, so a new kind of origin must be added here (and to the room's switch) to compile. */
const SOURCES: Readonly<Record<TransactionOrigin['source'], true>> = { connection: true, load: true, remote: true, user: true, system: true };

/** Is `origin` (a Yjs transaction's, typed `any` by Yjs) one of ours? */
export function isTransactionOrigin(origin: unknown): origin is TransactionOrigin {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return false;
  const { source } = origin as { source: unknown };
  return typeof source === 'string' && Object.hasOwn(SOURCES, source);
}
