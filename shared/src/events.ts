/**
 * Socket.IO event maps (CONTRACT.md, "Live events"), passed as generics on both ends.
 * Socket.IO carries the server's own words about what happened; the document travels over y-websocket.
 */
import { z } from 'zod';
import type { Role } from './roles';
import type { Notification, Watch } from './notifications';

export const ACTIVITY_TYPES = [
  'deal.created',
  'deal.moved',
  'deal.updated',
  'deal.archived',
  'deal.restored',
  'deal.deleted',
  /** Two people set one deal field without seeing each other's value: `data: {field, kept, overwritten}`, each `{userId, name, value}`. */
  'deal.conflict',
  'comment.added',
  'comment.edited',
  'comment.deleted',
  'comment.mentioned',
  'notes.mentioned',
  'column.created',
  'column.renamed',
  'column.moved',
  'column.updated',
  'column.deleted',
  'member.changed',
  'board.renamed',
  'deals.imported',
  'deals.import_undone',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Actor {
  /** A user id, or "system" for the server's own changes. */
  id: string;
  name: string;
}

/**
 * The `data` of each activity type, as zod schemas: the documented shape of webhook
 * payloads and of `GET /api/boards/:id/activity` (docs/API.md, OpenAPI).
 */
const outcome = z.enum(['won', 'lost']).optional();
const fieldChanges = z.record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional(), changed: z.literal(true).optional() }));
/** One side of a conflict: who wrote which value. */
const conflictSide = z.object({ userId: z.string(), name: z.string(), value: z.unknown() });
export const ACTIVITY_DATA = {
  'deal.created': z.object({ columnId: z.string(), columnName: z.string(), title: z.unknown(), acquirer: z.unknown(), target: z.unknown(), outcome }),
  'deal.moved': z.object({ from: z.string(), to: z.string(), fromName: z.string(), toName: z.string(), outcome }),
  /** `since`: coalesced typing: when the first of the edits this entry tells was made (before `at`). */
  'deal.updated': z.object({ fields: fieldChanges, since: z.string().optional() }),
  'deal.archived': z.object({}),
  'deal.restored': z.object({}),
  'deal.deleted': z.object({ label: z.string() }),
  'deal.conflict': z.object({ field: z.string(), kept: conflictSide, overwritten: conflictSide }),
  'comment.added': z.object({ commentId: z.string(), excerpt: z.string() }),
  'comment.edited': z.object({ commentId: z.string(), excerpt: z.string() }),
  'comment.deleted': z.object({ commentId: z.string() }),
  /** One per member mentioned in a new comment (derived from the committed body). */
  'comment.mentioned': z.object({ commentId: z.string(), userId: z.string(), dealLabel: z.string(), excerpt: z.string() }),
  /** One per member newly mentioned in a deal's notes (derived from the committed text). */
  'notes.mentioned': z.object({ userId: z.string(), dealLabel: z.string(), excerpt: z.string() }),
  'column.created': z.object({ columnId: z.string(), name: z.string(), kind: z.string() }),
  'column.renamed': z.object({ columnId: z.string(), from: z.unknown(), to: z.unknown() }),
  'column.moved': z.object({ columnId: z.string(), name: z.string() }),
  'column.updated': z.object({ columnId: z.string(), name: z.string(), fields: fieldChanges }),
  'column.deleted': z.object({ columnId: z.string(), name: z.string(), dealsMoved: z.int() }),
  'member.changed': z.object({ userId: z.string(), name: z.string(), role: z.enum(['viewer', 'editor', 'owner']).nullable() }),
  'board.renamed': z.object({ from: z.string(), to: z.string() }),
  /** `importId` names the import for undo (absent on imports made before undo existed). */
  'deals.imported': z.object({ created: z.int(), updated: z.int(), skipped: z.int(), stagesCreated: z.array(z.string()), importId: z.string().optional() }),
  /** The importer (or an owner) undid import `importId`; `skipped` counts what was kept because someone edited it since. */
  'deals.import_undone': z.object({ importId: z.string(), removed: z.int(), reverted: z.int(), stagesRemoved: z.int(), skipped: z.int() }),
} as const satisfies Record<ActivityType, z.ZodType>;

const eventBase = {
  id: z.string(),
  boardId: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }),
  dealId: z.string().optional(),
  summary: z.string(),
};

/** The `data` of each activity type. */
export type ActivityData = { [K in ActivityType]: z.output<(typeof ACTIVITY_DATA)[K]> };

/** One activity event of type `K`. */
export interface ActivityEventOf<K extends ActivityType> {
  id: string;
  boardId: string;
  /** ISO 8601. */
  at: string;
  actor: Actor;
  type: K;
  dealId?: string;
  /** One sentence in words, e.g. "Ada moved Amazon → OpenAI from In talks to Agreed". */
  summary: string;
  data: ActivityData[K];
}

/**
 * What the server says happened on a board (Socket.IO `activity:added`, the activity REST
 * route, webhook payloads): a union discriminated on `type`, so `data` is typed per type.
 * @example if (event.type === 'deal.moved') console.log(event.data.toName);
 */
export type ActivityEvent = { [K in ActivityType]: ActivityEventOf<K> }[ActivityType];

/** An ActivityEvent as JSON: one object per type, discriminated on `type`. */
export const activityEventSchema = z.discriminatedUnion(
  'type',
  ACTIVITY_TYPES.map((type) => z.object({ ...eventBase, type: z.literal(type), data: ACTIVITY_DATA[type] })) as unknown as [
    z.ZodObject<typeof eventBase & { type: z.ZodLiteral<ActivityType>; data: z.ZodType }>,
  ],
);

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
  /** To every socket of the person (room `user:<id>`, no join needed). */
  'notification:added': (notification: Notification) => void;
  /** Read on another tab or device: these ids, or everything (`all`). */
  'notification:read': (payload: { ids: string[] } | { all: true }) => void;
  /** One of the person's watch choices changed (on another device, or by commenting / being mentioned). */
  'watch:changed': (watch: Watch) => void;
}
