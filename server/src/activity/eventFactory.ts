/**
 * Builds ActivityEvent records. Ids sort by time: a fixed-width base-36
 * millisecond stamp, a per-process sequence for events in the same
 * millisecond, then randomness so ids from several processes never collide.
 */
import { randomBytes } from 'node:crypto';
import type { ActivityData, ActivityEvent, ActivityEventOf, ActivityType, Actor } from '../../../shared/src/events';
import { clip } from './describe';

const TIME_WIDTH = 9; // base 36: enough until the year 5188
const SEQ_WIDTH = 4;
let lastMs = -1;
let seq = 0;

/** A new event id whose lexicographic order follows `at` (and creation order within one process). */
export function newEventId(at: Date): string {
  const ms = Math.max(0, at.getTime());
  if (ms === lastMs) seq = (seq + 1) % 36 ** SEQ_WIDTH;
  else {
    lastMs = ms;
    seq = 0;
  }
  const time = ms.toString(36).padStart(TIME_WIDTH, '0');
  const sequence = seq.toString(36).padStart(SEQ_WIDTH, '0');
  return `${time}${sequence}${randomBytes(8).toString('hex')}`;
}

export interface EventInput<K extends ActivityType = ActivityType> {
  boardId: string;
  actor: Actor;
  type: K;
  at: Date;
  dealId?: string;
  summary: string;
  data: ActivityData[K];
}

/** One ActivityEvent with a fresh id; the actor is copied, not shared. */
export function makeEvent<K extends ActivityType>(input: EventInput<K>): ActivityEvent {
  const event: ActivityEventOf<K> = {
    id: newEventId(input.at),
    boardId: input.boardId,
    at: input.at.toISOString(),
    actor: { id: input.actor.id, name: input.actor.name },
    type: input.type,
    summary: input.summary,
    data: input.data,
  };
  if (input.dealId !== undefined) event.dealId = input.dealId;
  return event as ActivityEvent;
}

/** The actor's name as it appears at the start of a summary. */
export function actorName(actor: Actor): string {
  return clip(actor.name.trim(), 80) || 'Someone';
}
