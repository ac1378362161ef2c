/**
 * A big board's committed state kept as a sliced full-state reply: the slices of the state
 * the room loaded (workers/stateSlices.ts), then every update committed since (the room's
 * own commits and other processes'), in order. A client that has nothing gets them as sync
 * update frames and a final sync step 2 (slicedStateFrames), so a browser applies a
 * 10,000-deal board in hundreds of short tasks instead of one of a second or more, and a
 * y-websocket client is `synced` only once it has all of it. Only committed updates are
 * kept, so the reply never reveals anything before it is on disk.
 *
 * The updates since the load are also what a client answered before the room was loaded
 * (EarlyAnswers) still lacks. They are bounded: past MAX_TAIL_BYTES or MAX_TAIL_UPDATES the
 * kept state is dropped and the room answers from its document again.
 */
import { slicedStateFrames } from './protocol';

/** Updates committed since the load kept at most (bytes, count) before the kept state is given up. */
export const MAX_TAIL_BYTES = 2 * 1024 * 1024;
export const MAX_TAIL_UPDATES = 2_000;

/** An update with no structs and an empty delete set (a final sync step 2 that adds nothing). */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

export class CommittedState {
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private overflowed = false;

  constructor(private readonly slices: readonly Uint8Array[]) {}

  /** False once the updates since the load outgrew their bound. */
  get usable(): boolean {
    return !this.overflowed;
  }

  /** An update committed after the load (in commit order). */
  append(update: Uint8Array): void {
    if (this.overflowed) return;
    this.tail.push(update);
    this.tailBytes += update.byteLength;
    if (this.tailBytes > MAX_TAIL_BYTES || this.tail.length > MAX_TAIL_UPDATES) {
      this.overflowed = true;
      this.tail = [];
    }
  }

  /** The whole committed state for a client that has nothing: update frames, the last one a sync step 2. */
  replyFrames(): Uint8Array[] {
    return slicedStateFrames([...this.slices, ...this.tail]);
  }

  /** What was committed after the load, as update frames ending in a sync step 2 (null when unusable). */
  sinceLoadFrames(): Uint8Array[] | null {
    return this.overflowed ? null : slicedStateFrames([...this.tail, EMPTY_UPDATE]);
  }
}
