/**
 * What Tranche processes tell each other over the cluster bus (JSON). Board messages
 * are notifications only: the store holds every committed update, so a lost message
 * costs latency, never data.
 */
import type { Role } from '../../../shared/src/roles';

/** Updates seq `first`..`last` of a board were committed. */
export interface CommittedMessage {
  type: 'committed';
  first: number;
  last: number;
  /** The merged update (base64); left out when large: receivers read the range from the store. */
  update?: string;
  /** Yjs client ids the range bound to their first writer: [clientId, userId]. */
  clients?: Array<[number, string]>;
}

/** Awareness entries of the sender's own connections (base64 awareness update); never stored. */
export interface AwarenessMessage {
  type: 'awareness';
  update: string;
}

/** A process that just loaded the board asks its peers for their connections' awareness. */
export interface AwarenessQueryMessage {
  type: 'awareness-query';
}

export type BoardMessage = CommittedMessage | AwarenessMessage | AwarenessQueryMessage;

/** Access changes every process applies to its open connections at once. */
export type ControlMessage =
  | { type: 'role'; boardId: string; userId: string; role: Role | null }
  | { type: 'signed-out'; credential: string }
  | { type: 'board-deleted'; boardId: string };

/**
 * A process applied control message `id` (closed or demoted the connections it names) and
 * says so on the sender's own ack channel, so the sender's HTTP answer waits for it.
 */
export interface ControlAck {
  id: string;
}

/** Above this size a committed message carries only its seq range. */
export const MAX_INLINE_UPDATE_BYTES = 32 * 1024;
