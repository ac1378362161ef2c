/**
 * A column's header: colour, name (rename in place), deal count, total and probability-weighted
 * total in the board currency, other currencies apart, the stale count, and the column menu.
 */
import { memo, useState } from 'react';
import type { Column, LaneTotals } from '../../model';
import { formatMoney, formatPercent } from '../../lib/format';
import { safeColor } from '../../lib/color';
import { Icon } from '../../ui/Icon';
import { Menu, type MenuItem } from '../../ui/Menu';
import { ConvertedTotal } from '../rates/ConvertedTotal';

export interface ColumnActions {
  rename: (columnId: string, name: string) => boolean;
  moveLeft: (columnId: string) => void;
  moveRight: (columnId: string) => void;
  settings: (column: Column) => void;
  remove: (column: Column) => void;
}

export const LaneHeader = memo(function LaneHeader({
  column,
  totals,
  insideRounds,
  currency,
  isFirst,
  isLast,
  readOnly,
  actions,
}: {
  column: Column | null;
  totals: LaneTotals;
  /** How many of the stage's deals are parts counted inside their round here (not added again). */
  insideRounds: number;
  currency: string;
  isFirst: boolean;
  isLast: boolean;
  readOnly: boolean;
  actions: ColumnActions;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const name = column?.name ?? 'No stage';
  const others = Object.entries(totals.otherCurrencies);

  const commit = () => {
    if (!column) return;
    const next = draft.trim();
    if (next && next !== column.name && !actions.rename(column.id, next)) return;
    setEditing(false);
  };

  const items: Array<MenuItem | 'separator'> = column
    ? [
        { label: 'Rename', icon: 'edit', onSelect: () => (setDraft(column.name), setEditing(true)) },
        { label: 'Stage settings…', icon: 'filter', onSelect: () => actions.settings(column) },
        'separator',
        { label: 'Move left', icon: 'left', disabled: isFirst, onSelect: () => actions.moveLeft(column.id) },
        { label: 'Move right', icon: 'right', disabled: isLast, onSelect: () => actions.moveRight(column.id) },
        'separator',
        { label: 'Delete stage…', icon: 'trash', danger: true, onSelect: () => actions.remove(column) },
      ]
    : [];

  return (
    <header className="lane-header">
      <div className="lane-title-row">
        <span className="lane-dot" style={{ background: safeColor(column?.color) }} aria-hidden="true" />
        {editing ? (
          <input
            className="input lane-rename"
            value={draft}
            aria-label="Stage name"
            maxLength={60}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <h2
            className="lane-title"
            title={readOnly || !column ? name : 'Double-click to rename'}
            onDoubleClick={() => {
              if (readOnly || !column) return;
              setDraft(column.name);
              setEditing(true);
            }}
          >
            {name}
          </h2>
        )}
        <span className="lane-count" aria-label={`${totals.count} deals`}>
          {totals.count}
        </span>
        {column && column.kind !== 'open' ? <span className={`lane-kind lane-kind-${column.kind}`}>{column.kind === 'won' ? 'Won' : 'Lost'}</span> : null}
        <span className="spacer" />
        {!readOnly && column ? <Menu label={`Actions for stage ${name}`} items={items} /> : null}
      </div>
      <div className="lane-totals">
        <span
          className={`lane-sum${totals.sum === 0 ? ' lane-sum-zero' : ''}`}
          title={
            insideRounds > 0
              ? `Total of the deals in this stage. ${insideRounds} ${insideRounds === 1 ? 'part is' : 'parts are'} counted inside ${insideRounds === 1 ? 'its' : 'their'} round, not added again.`
              : 'Total of the deals in this stage'
          }
          data-testid="lane-sum"
        >
          {formatMoney(totals.sum, currency)}
        </span>
        {column?.kind !== 'lost' && totals.sum > 0 ? (
          <span
            className="lane-weighted"
            title={`Probability-weighted total${column?.probability != null ? ` (stage default ${formatPercent(column.probability)})` : ''}`}
          >
            {formatMoney(totals.weighted, currency)} weighted
          </span>
        ) : null}
        {totals.stale > 0 ? (
          <span
            className="lane-stale"
            title={`${totals.stale} deal${totals.stale === 1 ? '' : 's'} longer than ${column?.staleDays ?? '?'} days in this stage`}
          >
            <Icon name="flame" size={12} />
            {totals.stale} stale
          </span>
        ) : null}
      </div>
      {others.length > 0 ? (
        <div className="lane-other" title="Deals in other currencies are totalled apart; converted only at rates the board's owner entered">
          {others.map(([code, t]) => (
            <span key={code}>
              + {formatMoney(t.sum, code)} <span className="muted">({t.count})</span>
            </span>
          ))}
          <ConvertedTotal totals={totals} currency={currency} testId="lane-converted" />
        </div>
      ) : null}
    </header>
  );
});
