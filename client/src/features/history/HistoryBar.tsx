/**
 * The History control: a banner saying which moment the board shows (read-only), a
 * scrubber over the board's life with a tick per day that had changes, a date-time picker,
 * and previous/next change (buttons, or Alt+← / Alt+→). The moment lives in the URL
 * (`#/b/<id>?at=…`), so a link opens the same view; "Back to now" returns to the live board.
 */
import { useEffect, useMemo, useState } from 'react';
import { boardHref, navigate } from '../../lib/route';
import { scrubberRange, stepFrom, ticksByDay, useChangeTimes } from './changeTimes';
import { WhatChanged } from './WhatChanged';
import { recordVisit } from './presets';

const FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "12 Jan 2026, 14:03" (UTC, as the log keeps time). */
export function momentLabel(ms: number): string {
  return FORMAT.format(new Date(ms));
}

function toLocalInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

export function HistoryBar({ boardId, dealId, at }: { boardId: string; dealId: string | null; at: string }) {
  const times = useChangeTimes(boardId);
  const [comparing, setComparing] = useState(false);
  const moment = Date.parse(at);
  const { min: start, max: end } = scrubberRange(times, moment);
  const ticks = useMemo(() => ticksByDay(times), [times]);
  const go = (ms: number | null) => {
    if (ms !== null) navigate(boardHref(boardId, dealId, 'board', new Date(ms).toISOString()), true);
  };
  const back = () => navigate(boardHref(boardId, dealId));
  const previous = stepFrom(times, moment, -1);
  const next = stepFrom(times, moment, 1);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
      e.preventDefault();
      go(e.key === 'ArrowLeft' ? previous : next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const span = end - start;
  return (
    <div className="history-bar" role="region" aria-label="History" data-testid="history-bar">
      <p className="history-banner" role="status" data-testid="history-banner">
        <strong>Viewing {momentLabel(moment)}</strong> — read-only ·{' '}
        <button type="button" className="link-btn" onClick={back} data-testid="history-back">
          Back to now
        </button>
      </p>
      <div className="history-controls">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => go(previous)}
          disabled={previous === null}
          aria-label="Previous change"
          title="Previous change (Alt+←)"
        >
          ‹
        </button>
        <div className="history-track">
          <input
            type="range"
            aria-label="Moment"
            data-testid="history-scrubber"
            min={start}
            max={end}
            step={60_000}
            value={Math.min(end, Math.max(start, moment))}
            onChange={(e) => go(Number(e.target.value))}
          />
          <div className="history-ticks" aria-hidden="true">
            {ticks.map(({ day, count }) => (
              <span
                key={day}
                className="history-tick"
                data-testid="history-tick"
                style={{ left: `${(Math.max(0, day - start) / span) * 100}%` }}
                title={`${count} change${count === 1 ? '' : 's'}`}
              />
            ))}
          </div>
        </div>
        <button type="button" className="btn btn-sm" onClick={() => go(next)} disabled={next === null} aria-label="Next change" title="Next change (Alt+→)">
          ›
        </button>
        <label className="history-picker">
          <span className="sr-only">Date and time (UTC)</span>
          <input type="datetime-local" data-testid="history-picker" value={toLocalInput(moment)} onChange={(e) => go(Date.parse(`${e.target.value}:00Z`))} />
        </label>
        <button type="button" className="btn btn-sm" data-testid="what-changed-open" onClick={() => setComparing(true)}>
          What changed
        </button>
      </div>
      {comparing ? <WhatChanged boardId={boardId} since={at} onClose={() => setComparing(false)} /> : null}
    </div>
  );
}

/** Opens history at the present moment (and marks this visit, for "since my last visit"). */
export function HistoryButton({ boardId }: { boardId: string }) {
  useEffect(() => recordVisit(boardId), [boardId]);
  return (
    <button
      type="button"
      className="btn btn-sm"
      data-testid="history-open"
      onClick={() => navigate(boardHref(boardId, null, 'board', new Date().toISOString()))}
    >
      History
    </button>
  );
}
