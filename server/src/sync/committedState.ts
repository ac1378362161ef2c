/**
 * A big board's committed state kept as a sliced full-state reply: the sync update messages
 * of a state's slices (workers/stateSlices.ts: first the state the room loaded), then those
 * of every update committed since (the room's own commits and other processes', the very
 * messages broadcast), in order. A client that has nothing gets them as they are, the last
 * turned into a sync step 2 (endingInStep2), so a browser applies a 10,000-deal board in
 * hundreds of short tasks instead of one of a second or more, a y-websocket client is
 * `synced` only once it has all of it, and a reply copies nothing but its last message.
 * Only committed updates are kept, so the reply never reveals anything before it is on disk.
 *
 * The updates since the load are also what a client answered before the room was loaded
 * (EarlyAnswers) still lacks. Once they pass MAX_TAIL_BYTES or MAX_TAIL_UPDATES the room
 * re-slices the whole in a worker (sliceWorker) and starts a new CommittedState from it.
 */
import { encodeSyncUpdate, endingInStep2 } from './protocol';

/** Updates committed after the slices, kept at most (bytes, count) before the whole is re-sliced. */
export const MAX_TAIL_BYTES = 2 * 1024 * 1024;
export const MAX_TAIL_UPDATES = 2_000;

/** A sync update message carrying an update with no structs and no deletions (ends a reply that adds nothing). */
const EMPTY_UPDATE_FRAME = encodeSyncUpdate(new Uint8Array([0, 0]));

export class CommittedState {
  private readonly tail: Uint8Array[] = [];
  private tailBytes = 0;

  /** `fromLoad`: the slices are of the stored state the room loaded (so the tail is everything since). */
  constructor(
    private readonly slices: readonly Uint8Array[],
    readonly fromLoad: boolean,
  ) {}

  /** Adds the sync message of an update committed after the slices (in commit order); true once the tail is due to be re-sliced. */
  append(frame: Uint8Array): boolean {
    this.tail.push(frame);
    this.tailBytes += frame.byteLength;
    return this.tailBytes > MAX_TAIL_BYTES || this.tail.length > MAX_TAIL_UPDATES;
  }

  /** How many updates were committed after the slices so far. */
  get tailLength(): number {
    return this.tail.length;
  }

  /** The slices' and the first `tailLength` later updates' messages (what a re-slicing starts from). */
  parts(tailLength = this.tail.length): Uint8Array[] {
    return [...this.slices, ...this.tail.slice(0, tailLength)];
  }

  /** The messages of the updates after the first `from` of the tail (committed while the whole was re-sliced). */
  tailFrom(from: number): Uint8Array[] {
    return this.tail.slice(from);
  }

  /** The whole committed state for a client that has nothing: update messages, the last one a sync step 2. */
  replyFrames(): Uint8Array[] {
    return endingInStep2(this.parts());
  }

  /** What was committed after the load, as update messages ending in a sync step 2 (null when the slices are not the load's). */
  sinceLoadFrames(): Uint8Array[] | null {
    return this.fromLoad ? endingInStep2([...this.tail, EMPTY_UPDATE_FRAME]) : null;
  }
}
