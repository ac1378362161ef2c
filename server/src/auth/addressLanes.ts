/**
 * Fair admission per key (here: password checks per client address): each key runs at
 * most `perKey` tasks at once and queues at most `maxWaiting` more; beyond that `run`
 * refuses at once with QueueFullError. One address flooding sign-ins then holds at most
 * `perKey` hashing slots, so a real person signing in from elsewhere waits for a hash
 * or two, not for the whole flood, while a few concurrent requests from one place
 * (a team behind one NAT) still queue instead of failing.
 */
import { Semaphore } from './semaphore';

export class AddressLanes {
  private readonly lanes = new Map<string, { semaphore: Semaphore; users: number }>();

  constructor(
    private readonly perKey: number,
    private readonly maxWaiting: number,
  ) {}

  /** Runs `task` in `key`'s lane; rejects with QueueFullError when the lane is full. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { semaphore: new Semaphore(this.perKey, this.maxWaiting), users: 0 };
      this.lanes.set(key, lane);
    }
    lane.users += 1;
    try {
      return await lane.semaphore.run(task);
    } finally {
      lane.users -= 1;
      if (lane.users === 0) this.lanes.delete(key); // memory follows active addresses only
    }
  }
}
