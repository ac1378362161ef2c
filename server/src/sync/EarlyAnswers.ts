/**
 * Answers the clients of a board whose room is still loading. Opening a 10,000-deal board
 * cold takes seconds: the stored log is read, applied and checked in a worker, then applied
 * again, slice by slice, on the room's loop. The worker hands over the checked state as
 * one sync step 2, then as slices (prepareLoad's `early`: sync update messages), before the
 * room has applied any of it; a connection's sync step 1 is answered from them at once (a
 * client that takes slices gets those messages, the last turned into a sync step 2: see
 * endingInStep2; any other the one message), the room meanwhile applying the same slices.
 * A client that already holds part of the board waits for the room (diffing the stored
 * state for each such connection would cost a decode of the whole board on the loop).
 *
 * Only the answer goes early. The connection's own frames (its step 1 included) wait in the
 * upgrade's queue until the room is loaded and caught up, as before; when the room handles
 * that step 1 it sends what was committed after its stored read (CommittedState's
 * sinceLoadFrames), so nothing committed meanwhile, here or on another process, is missed.
 *
 * The session or token and the role are read again just before anything is sent (no await
 * between the read and the send; a sign-out or removal from then on closes the waiting
 * connection: BoardHub), each
 * connection is considered once, and only a connection that may edit is answered early (viewers and read-only tokens wait for the room, as before). Only slices
 * that passed the schema check are offered (prepareLoad): a board the load repairs answers
 * nothing early, so no client receives what the repair removes.
 */
import * as Y from 'yjs';
import type { SyncLimits } from '../config';
import { canEdit } from '../../../shared/src/roles';
import { log } from '../log';
import type { RoomConnection } from './RoomConnection';
import { endingInStep2 } from './protocol';
import { readAccess, type AccessStore } from './readAccess';

export class EarlyAnswers {
  private frames: Uint8Array[] | null = null;
  private stateMessage: Uint8Array | null = null;
  private bytes = 0;
  private readonly waiting: RoomConnection[] = [];
  private closed = false;

  constructor(
    private readonly boardId: string,
    private readonly store: AccessStore,
    private readonly limits: SyncLimits,
  ) {}

  /** The stored state, checked, as one sync step 2 (prepareLoad's). A small board is not answered early: its room is ready soon enough. */
  offerState(stateMessage: Uint8Array): void {
    if (this.closed || stateMessage.byteLength < this.limits.slicedReplyBytes) return;
    this.stateMessage = stateMessage;
    this.bytes = stateMessage.byteLength;
    this.answerReady();
  }

  /** The same state's slices, as sync messages (after offerState). */
  offerFrames(frames: Uint8Array[]): void {
    if (this.closed || !this.stateMessage) return;
    this.frames = frames;
    this.answerReady();
  }

  private ready(connection: RoomConnection): boolean {
    return connection.takesSlices ? this.frames !== null : this.stateMessage !== null;
  }

  private answerReady(): void {
    for (const connection of [...this.waiting]) {
      if (!this.ready(connection)) continue;
      this.waiting.splice(this.waiting.indexOf(connection), 1);
      void this.answer(connection);
    }
  }

  /** A connection's sync step 1 arrived before its room was loaded (the frame itself still waits for the room). */
  request(connection: RoomConnection, stateVector: Uint8Array): void {
    if (this.closed || connection.earlyAnswer !== 'none') return;
    // Only writers with an empty document, once: a viewer or a partial state waits for the room
    // (no repeated role reads, no per-connection diff of the whole board while it loads).
    if (!canEdit(connection.role) || Y.decodeStateVector(stateVector).size > 0) {
      connection.earlyAnswer = 'declined';
      return;
    }
    connection.earlyAnswer = 'pending';
    if (this.ready(connection)) void this.answer(connection);
    else this.waiting.push(connection);
  }

  /** The room is loaded: it answers from now on (requests still waiting are left to it). */
  close(): void {
    this.closed = true;
    for (const connection of this.waiting.splice(0)) if (connection.earlyAnswer === 'pending') connection.earlyAnswer = 'none';
    this.frames = null;
    this.stateMessage = null;
  }

  private async answer(connection: RoomConnection): Promise<void> {
    const frames = this.frames;
    const stateMessage = this.stateMessage!;
    const still = () => connection.earlyAnswer === 'pending' && connection.isOpen;
    try {
      const { role, valid } = await readAccess(this.store, this.boardId, connection);
      if (!still()) return;
      // What the upgrade read may be stale: changed since, the room settles it first.
      if (!valid || role === null || role !== connection.role || !canEdit(connection.role)) {
        connection.earlyAnswer = 'declined';
        return;
      }
      // No await between the role read and the send: a removal meanwhile is never outrun.
      const reply = !frames || !connection.takesSlices ? [stateMessage] : endingInStep2(frames);
      // The room sets the same limit once it holds the connection.
      connection.queueLimit = () => this.limits.queueBaseBytes + this.limits.queueBoardFactor * this.bytes;
      connection.earlyAnswer = 'sent';
      connection.stateReplyOutstanding = true;
      reply.forEach((frame, index) => connection.send(frame, index === reply.length - 1 ? () => (connection.stateReplyOutstanding = false) : undefined));
    } catch (error) {
      if (connection.earlyAnswer === 'pending') connection.earlyAnswer = 'declined';
      log.warn('sync', 'could not answer a connection before its board was loaded; the room answers it', {
        boardId: this.boardId,
        userId: connection.user.id,
        error: (error as Error).message,
      });
    }
  }
}
