/**
 * The times a batch is logged at (server/src/store/commitTimes.ts): never before the board's
 * previous update, so a clock behind another process's (or stepped back) keeps the log in order.
 */
import { describe, expect, it } from 'vitest';
import { logTimes } from '../../../server/src/store/commitTimes';

describe('logTimes', () => {
  it('keeps the times given when they follow the previous update', () => {
    expect(logTimes(null, ['2026-03-01T10:00:01.000Z', '2026-03-01T10:00:02.000Z'])).toEqual(['2026-03-01T10:00:01.000Z', '2026-03-01T10:00:02.000Z']);
    expect(logTimes('2026-03-01T10:00:00.000Z', ['2026-03-01T10:00:00.000Z'])).toEqual(['2026-03-01T10:00:00.000Z']);
  });

  it('logs a time before the previous update (or before one earlier in the batch) at that one', () => {
    expect(logTimes('2026-03-01T10:00:05.000Z', ['2026-03-01T10:00:03.000Z', '2026-03-01T10:00:06.000Z'])).toEqual([
      '2026-03-01T10:00:05.000Z',
      '2026-03-01T10:00:06.000Z',
    ]);
    expect(logTimes(null, ['2026-03-01T10:00:04.000Z', '2026-03-01T10:00:02.000Z', '2026-03-01T10:00:03.000Z'])).toEqual([
      '2026-03-01T10:00:04.000Z',
      '2026-03-01T10:00:04.000Z',
      '2026-03-01T10:00:04.000Z',
    ]);
  });
});
