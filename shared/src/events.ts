/**
 * Socket.IO event maps (CONTRACT.md, "Live events"), passed as generics on both ends.
 * Socket.IO carries the server's own words about what happened; the document travels over y-websocket.
 */
import type { Role } from './roles';

export const ACTIVITY_TYPES = [
  'deal.created',
  'deal.moved',
  'deal.updated',
  'deal.archived',
  'deal.restored',
  'deal.deleted',
  'comment.added',
  'comment.edited',
  'comment.deleted',
  'column.created',
  'column.renamed',
  'column.moved',
  'column.updated',
  'column.deleted',
  'member.changed',
  'board.renamed',
  'deals.imported',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Actor {
  /** A user id, or "system" for the server's own changes. */
  id: string;
  name: string;
}

export interface ActivityEvent {
  id: string;
  boardId: string;
  /** ISO 8601. */
  at: string;
  actor: Actor;
  type: ActivityType;
  dealId?: string;
  /** One sentence in words, e.g. "Ada moved Amazon → OpenAI from In talks to Agreed". */
  summary: string;
  data: Record<string, unknown>;
}

export interface ErrorBody {
  code: string;
  message: string;
}

export type Ack = { ok: true } | { error: ErrorBody };

export interface ClientToServerEvents {
  'board:join': (payload: { boardId: string }, ack: (result: Ack) => void) => void;
  'board:leave': (payload: { boardId: string }, ack?: (result: Ack) => void) => void;
}

export interface ServerToClientEvents {
  'activity:added': (event: ActivityEvent) => void;
  /** stateVector: base64 of Y.encodeStateVector of what is committed to disk. */
  'board:saved': (payload: { boardId: string; stateVector: string }) => void;
  'board:access': (payload: { boardId: string; role: Role | null }) => void;
  'board:deleted': (payload: { boardId: string }) => void;
}
