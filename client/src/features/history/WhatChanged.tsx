/**
 * "What changed" between two moments: presets, the pipeline waterfall and the changes
 * grouped by kind, each naming who and when and opening the deal. Numbers come from the
 * server (GET history/changes), which derives them from the log.
 */
import { useEffect, useState } from 'react';
import type { ChangeKind, ChangesReport, DealChange } from '../../../../shared/src/history';
import { CHANGE_KINDS } from '../../../../shared/src/history';
import { Dialog } from '../../ui/Dialog';
import { formatMoney } from '../../lib/format';
import { boardHref, navigate } from '../../lib/route';
import { momentLabel } from './HistoryBar';
import { PRESETS, presetFrom, type PresetKey } from './presets';
import { Waterfall } from './Waterfall';
import { BringBackButton } from './RestoreButton';
import { useBoardSession } from '../board/boardSession';
import { canEdit } from '../../../../shared/src/roles';

const KIND_LABELS: Record<ChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  won: 'Won',
  lost: 'Lost',
  moved: 'Moved',
  repriced: 'Repriced',
  slipped: 'Slipped',
  edited: 'Edited',
};

function detail(change: DealChange): string {
  switch (change.kind) {
    case 'repriced':
      return `${change.from === null ? '—' : formatMoney(change.from, change.currency)} → ${change.to === null ? '—' : formatMoney(change.to, change.currency)}`;
    case 'slipped':
      return `${change.from ?? '—'} → ${change.to ?? '—'}`;
    case 'removed':
      return change.reason;
    case 'moved':
      return change.direction;
    case 'edited':
      return change.fields.join(', ');
    default:
      return '';
  }
}

/** `since`: the moment being viewed, offered first ("Since this moment"). */
export function WhatChanged({ boardId, since, onClose }: { boardId: string; since?: string; onClose: () => void }) {
  const [preset, setPreset] = useState<PresetKey | 'moment'>(since ? 'moment' : 'month');
  const [report, setReport] = useState<ChangesReport | null>(null);
  const mayRestore = canEdit(useBoardSession().role);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const from = preset === 'moment' ? (since ?? new Date().toISOString()) : presetFrom(preset, boardId);
    fetch(`/api/boards/${encodeURIComponent(boardId)}/history/changes?from=${encodeURIComponent(from)}`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`The server answered ${res.status}.`);
        const body = (await res.json()) as ChangesReport;
        if (live) setReport(body);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [boardId, preset, since]);

  return (
    <Dialog title="What changed" onClose={onClose} width={720}>
      <div className="what-changed" data-testid="what-changed">
        <div className="what-changed-presets" role="group" aria-label="Span">
          {[...(since ? [{ key: 'moment' as const, label: 'Since this moment' }] : []), ...PRESETS].map((p) => (
            <button
              key={p.key}
              type="button"
              className={`btn btn-sm${p.key === preset ? ' btn-primary' : ''}`}
              aria-pressed={p.key === preset}
              onClick={() => setPreset(p.key)}
            >
              {p.label}
            </button>
          ))}
        </div>
        {error ? <p role="alert">{error}</p> : null}
        {report ? (
          <>
            <p className="what-changed-span">
              {momentLabel(Date.parse(report.from))} → {momentLabel(Date.parse(report.to))}: pipeline{' '}
              {formatMoney(report.totals.from.sum, report.totals.from.currency)} →{' '}
              <strong data-testid="what-changed-end">{formatMoney(report.totals.to.sum, report.totals.to.currency)}</strong>
            </p>
            <Waterfall report={report} />
            {CHANGE_KINDS.map((kind) => {
              const list = report.changes.filter((c) => c.kind === kind);
              if (list.length === 0) return null;
              return (
                <section key={kind} className="what-changed-group">
                  <h3>
                    {KIND_LABELS[kind]} <span className="count">{list.length}</span>
                  </h3>
                  <ul>
                    {list.map((c) => (
                      <li key={`${c.kind}:${c.dealId}`}>
                        <button
                          type="button"
                          className="link-btn"
                          onClick={() => {
                            onClose();
                            navigate(boardHref(boardId, c.kind === 'removed' && c.reason === 'deleted' ? null : c.dealId));
                          }}
                        >
                          {c.title}
                        </button>{' '}
                        <span className="muted">
                          {detail(c)} · {c.by?.name ?? 'System'} · {momentLabel(Date.parse(c.at))}
                        </span>
                        {mayRestore && c.kind === 'removed' && c.reason === 'deleted' ? (
                          <>
                            {' '}
                            <BringBackButton boardId={boardId} dealId={c.dealId} deletedAt={c.at} />
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
