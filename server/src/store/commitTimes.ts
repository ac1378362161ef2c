/**
 * The times a batch of updates is logged at, one rule for every store: each is the later of
 * the time it was given (its process's clock) and the time of the update logged before it on
 * the board. Processes of a cluster do not share a clock, nor does one process across a clock
 * step back; kept in seq order, the log's times make "the board at a moment" the log up to
 * the last update at or before it, whichever snapshot the read starts from (store/*\/history.ts)
 * and however many are thinned (store/snapshotRetention.ts).
 *
 * @example logTimes('2026-03-01T10:00:05.000Z', ['2026-03-01T10:00:03.000Z']) // ['2026-03-01T10:00:05.000Z']
 * @param previous the `at` of the board's last logged update (null before the first)
 * @param given the batch's times in order (ISO 8601 from toISOString: they compare as strings)
 */
export function logTimes(previous: string | null, given: readonly string[]): string[] {
  let last = previous ?? '';
  return given.map((at) => (last = at > last ? at : last));
}
