/** When the board changed (the log's own times, GET history/moments), for the scrubber's ticks and prev/next steps. */
import { useEffect, useState } from 'react';

export function useChangeTimes(boardId: string): number[] {
  const [times, setTimes] = useState<number[]>([]);
  useEffect(() => {
    let live = true;
    fetch(`/api/boards/${encodeURIComponent(boardId)}/history/moments`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? (res.json() as Promise<{ moments: string[] }>) : { moments: [] }))
      .then(({ moments }) => live && setTimes([...new Set(moments.map((at) => Date.parse(at)).filter(Number.isFinite))].sort((a, b) => a - b)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [boardId]);
  return times;
}

/** Changes grouped by day (UTC midnight → count), for the ticks. */
export function ticksByDay(times: readonly number[]): Array<{ day: number; count: number }> {
  const days = new Map<number, number>();
  for (const t of times) {
    const day = t - (t % 86_400_000);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return [...days].map(([day, count]) => ({ day, count }));
}

/** The change just before / after `at` (null when none). */
export function stepFrom(times: readonly number[], at: number, direction: -1 | 1): number | null {
  if (direction < 0) return [...times].reverse().find((t) => t < at) ?? null;
  return times.find((t) => t > at) ?? null;
}

/**
 * The scrubber's span: from the first change to the last. Every moment after the last change
 * shows the same board, so the track ends there (not at the present, which would crowd a
 * board's history into a sliver when it was last edited months ago).
 */
export function scrubberRange(times: readonly number[], moment: number): { min: number; max: number } {
  const min = times[0] ?? moment;
  const max = times[times.length - 1] ?? moment;
  return { min, max: Math.max(max, min + 1) };
}
