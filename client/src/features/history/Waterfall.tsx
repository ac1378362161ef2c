/**
 * The pipeline waterfall (a simple SVG: no chart library is in package.json): start total,
 * one bar per step the server computed (added, reopened, won, lost, removed, repriced up and
 * down), end total. The server's steps add up to its end total exactly; this only draws them.
 */
import type { ChangesReport } from '../../../../shared/src/history';
import { formatMoney } from '../../lib/format';

const LABELS: Record<string, string> = {
  added: 'Added',
  reopened: 'Reopened',
  won: 'Won',
  lost: 'Lost',
  removed: 'Removed',
  repricedUp: 'Repriced up',
  repricedDown: 'Repriced down',
};

export function Waterfall({ report }: { report: ChangesReport }) {
  const { currency } = report.totals.to;
  const bars: Array<{ label: string; from: number; to: number; kind: 'total' | 'up' | 'down' }> = [];
  let level = report.totals.from.sum;
  bars.push({ label: 'Start', from: 0, to: level, kind: 'total' });
  for (const step of report.waterfall) {
    bars.push({ label: LABELS[step.key] ?? step.key, from: level, to: level + step.value, kind: step.value >= 0 ? 'up' : 'down' });
    level += step.value;
  }
  bars.push({ label: 'End', from: 0, to: report.totals.to.sum, kind: 'total' });
  const max = Math.max(1, ...bars.map((b) => Math.max(b.from, b.to)));
  const width = 640;
  const height = 220;
  const slot = width / bars.length;
  const y = (v: number) => height - 30 - (v / max) * (height - 60);
  return (
    <svg className="waterfall" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Pipeline waterfall" data-testid="waterfall">
      {bars.map((bar, i) => {
        const top = y(Math.max(bar.from, bar.to));
        const bottom = y(Math.min(bar.from, bar.to));
        const value = bar.kind === 'total' ? bar.to : bar.to - bar.from;
        return (
          <g
            key={bar.label}
            className={`waterfall-bar waterfall-${bar.kind}`}
            data-testid={bar.label === 'End' ? 'waterfall-end' : undefined}
            data-value={value}
          >
            <rect x={i * slot + 8} y={top} width={slot - 16} height={Math.max(1, bottom - top)} rx={3} />
            <text x={i * slot + slot / 2} y={top - 6} textAnchor="middle" className="waterfall-value">
              {bar.kind === 'total' ? '' : value >= 0 ? '+' : '−'}
              {formatMoney(Math.abs(value), currency)}
            </text>
            <text x={i * slot + slot / 2} y={height - 10} textAnchor="middle" className="waterfall-label">
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
