/**
 * At most `perKey` tasks in flight per key (here: password checks per client address).
 * One address flooding sign-ins then holds at most that many hashing slots, so a real
 * person signing in from elsewhere waits for a hash or two, not for the whole flood.
 */
export class InFlightLimit {
  private readonly counts = new Map<string, number>();

  constructor(private readonly perKey: number) {
    if (!Number.isInteger(perKey) || perKey < 1) throw new Error(`perKey must be >= 1, got ${perKey}`);
  }

  /** A release function when `key` may start another task now, else null. */
  tryEnter(key: string): (() => void) | null {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.perKey) return null;
    this.counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }
}
