/**
 * The Insights tab (issue 15.2): forecast, won value, time in stage and win rate for the deals
 * the board's filter keeps, live as the board changes. Every number comes from the shared
 * insight selectors over the same lanes as the board (so the forecast's total is the open
 * columns' totals), and every chart has a table of the exact numbers. Charts: Apache ECharts
 * (maintained, canvas rendering that stays smooth with many bars, a built-in dark theme).
 */
import { useCallback, useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import { NO_CLOSE_DATE, forecast, funnel, slowestOpenDeals, timeInStage, winRate, wonByMonth, type DealFilter, type LaneTotals } from '../../model';
import { useBoard } from '../../hooks/useBoard';
import { useNow } from '../../hooks/useNow';
import { formatDuration, formatMoney, formatPercent } from '../../lib/format';
import { safeColor } from '../../lib/color';
import { useBoardSession } from '../board/boardSession';
import { Chart } from './Chart';
import { ConvertedTotal } from '../rates/ConvertedTotal';
import { useStageHistory } from './useStageHistory';
import './insights.css';

const monthLabel = (month: string) => {
  if (month === NO_CLOSE_DATE) return 'No close date';
  const [y, m] = month.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
};

function OtherCurrencies({ totals, weighted, currency, testId }: { totals: LaneTotals; weighted?: boolean; currency: string; testId: string }) {
  const others = Object.entries(totals.otherCurrencies);
  if (others.length === 0) return null;
  return (
    <p className="muted insights-note">
      Also, in other currencies (not converted):{' '}
      {others.map(([code, t]) => `${formatMoney(weighted ? t.weighted : t.sum, code)} (${t.count} deal${t.count === 1 ? '' : 's'})`).join(', ')}
      <ConvertedTotal totals={totals} currency={currency} weighted={weighted} testId={testId} className="converted-total insights-converted" />
    </p>
  );
}

export default function InsightsView({ filter }: { filter: DealFilter }) {
  const { openDeal, conn } = useBoardSession();
  const history = useStageHistory(conn);
  const columns = useBoard((b) => b.columns());
  const [period, setPeriod] = useState<number | null>(90);
  const lanes = useBoard(useCallback((b) => b.lanes(filter), [filter]));
  const currency = useBoard((b) => b.info().currency);
  const nowMs = useNow(60_000);
  const [weighted, setWeighted] = useState(true);
  const money = useCallback((v: number) => formatMoney(v, currency), [currency]);

  const data = useMemo(() => {
    const now = new Date(nowMs);
    return {
      f: forecast(lanes, currency, now),
      won: wonByMonth(lanes, currency, now),
      times: timeInStage(lanes, now),
      slowest: slowestOpenDeals(lanes, 8, now),
      rate: winRate(lanes, currency, now),
    };
  }, [lanes, currency, nowMs]);
  const { f, won, times, slowest, rate } = data;
  const stages = useMemo(() => {
    const since = period === null ? null : new Date(nowMs - period * 86_400_000).toISOString();
    return history ? funnel(history.entries, columns, since) : null;
  }, [history, columns, period, nowMs]);
  const pick = (t: LaneTotals | undefined) => (t ? (weighted ? t.weighted : t.sum) : 0);

  const forecastOption: EChartsOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v) => money(Number(v)) },
    legend: { top: 0 },
    grid: { left: 70, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: f.months.map(monthLabel) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
    series: f.stages.map((stage) => ({
      name: stage.name,
      type: 'bar',
      stack: 'pipeline',
      itemStyle: { color: safeColor(stage.color) },
      data: f.months.map((month) => pick(f.cells.find((c) => c.month === month && c.column.id === stage.id)?.totals)),
    })),
  };
  const wonOption: EChartsOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v) => money(Number(v)) },
    grid: { left: 70, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: won.months.map(monthLabel) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
    series: [{ name: 'Won', type: 'bar', itemStyle: { color: '#10b981' }, data: won.months.map((m) => won.byMonth[m]?.sum ?? 0) }],
  };
  const timeOption: EChartsOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)} days` },
    legend: { top: 0 },
    grid: { left: 50, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: times.map((t) => t.column.name) },
    yAxis: { type: 'value', name: 'days' },
    series: [
      { name: 'Median', type: 'bar', data: times.map((t) => t.medianDays) },
      { name: 'p90', type: 'bar', data: times.map((t) => t.p90Days) },
    ],
  };

  return (
    <div className="insights" data-testid="insights">
      <section className="insights-card insights-wide" aria-labelledby="forecast-title">
        <header className="insights-head">
          <h2 id="forecast-title">Forecast: open pipeline by expected close</h2>
          <div className="view-tabs" role="group" aria-label="Forecast values">
            <button type="button" className="view-tab" aria-pressed={weighted} aria-current={weighted ? 'page' : undefined} onClick={() => setWeighted(true)}>
              Weighted
            </button>
            <button
              type="button"
              className="view-tab"
              aria-pressed={!weighted}
              aria-current={!weighted ? 'page' : undefined}
              onClick={() => setWeighted(false)}
            >
              Unweighted
            </button>
          </div>
        </header>
        <Chart option={forecastOption} label="Open pipeline by expected-close month, stacked by stage" />
        <div className="insights-table-wrap">
          <table className="insights-table" data-testid="forecast-table">
            <thead>
              <tr>
                <th>Month</th>
                {f.stages.map((s) => (
                  <th key={s.id}>{s.name}</th>
                ))}
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              {f.months.map((month) => (
                <tr key={month}>
                  <th>{monthLabel(month)}</th>
                  {f.stages.map((s) => (
                    <td key={s.id}>{money(pick(f.cells.find((c) => c.month === month && c.column.id === s.id)?.totals))}</td>
                  ))}
                  <td>{money(pick(f.byMonth[month]))}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>
                  All open ({f.total.count} deal{f.total.count === 1 ? '' : 's'})
                </th>
                <td colSpan={f.stages.length} />
                <td data-testid="forecast-total" data-sum={f.total.sum} data-weighted={f.total.weighted} data-count={f.total.count}>
                  {money(pick(f.total))}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <OtherCurrencies totals={f.total} weighted={weighted} currency={currency} testId="forecast-converted" />
      </section>

      <section className="insights-card" aria-labelledby="winrate-title">
        <h2 id="winrate-title">Win rate</h2>
        <div className="insights-stats" data-testid="win-rate">
          <div>
            <strong>{rate.rate === null ? '—' : formatPercent(rate.rate * 100)}</strong>
            <span className="muted">win rate</span>
          </div>
          <div>
            <strong>{rate.won}</strong>
            <span className="muted">won</span>
          </div>
          <div>
            <strong>{rate.lost}</strong>
            <span className="muted">lost</span>
          </div>
          <div>
            <strong>{rate.averageWon === null ? '—' : money(rate.averageWon)}</strong>
            <span className="muted">average won ({currency})</span>
          </div>
        </div>
      </section>

      <section className="insights-card" aria-labelledby="won-title">
        <h2 id="won-title">Won value by close month</h2>
        <Chart option={wonOption} height={220} label="Won value by month" />
        <table className="insights-table">
          <tbody>
            {won.months.map((m) => (
              <tr key={m}>
                <th>{monthLabel(m)}</th>
                <td>{money(won.byMonth[m]?.sum ?? 0)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>All won</th>
              <td>{money(won.total.sum)}</td>
            </tr>
          </tfoot>
        </table>
        <OtherCurrencies totals={won.total} currency={currency} testId="won-converted" />
      </section>

      <section className="insights-card insights-wide" aria-labelledby="funnel-title">
        <header className="insights-head">
          <h2 id="funnel-title">Funnel: deals that entered each stage, and what happened next</h2>
          <select
            className="select insights-period"
            aria-label="Period"
            value={period ?? ''}
            onChange={(e) => setPeriod(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
            <option value="365">Last 12 months</option>
            <option value="">All time</option>
          </select>
        </header>
        {stages ? (
          <table className="insights-table" data-testid="funnel-table">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Entered</th>
                <th>Went on</th>
                <th>Won later</th>
                <th>Lost later</th>
                <th>Conversion</th>
              </tr>
            </thead>
            <tbody>
              {stages.map((s) => (
                <tr key={s.column.id}>
                  <th>{s.column.name}</th>
                  <td>{s.entered}</td>
                  <td>{s.wentOn}</td>
                  <td>{s.column.kind === 'open' ? s.won : '—'}</td>
                  <td>{s.column.kind === 'open' ? s.lost : '—'}</td>
                  <td>{s.entered === 0 || s.column.kind !== 'open' ? '—' : formatPercent((s.wentOn / s.entered) * 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Reading the history…</p>
        )}
        <p className="muted insights-note">
          From the activity history: a deal counts once per stage it entered in the period (created there or moved there).
          {history && !history.complete ? ' Only the most recent 5,000 events are read.' : ''}
        </p>
      </section>

      <section className="insights-card insights-wide" aria-labelledby="time-title">
        <h2 id="time-title">Time in stage (open deals now in each stage)</h2>
        <div className="insights-split">
          <div>
            <Chart option={timeOption} height={240} label="Median and p90 days in stage" />
            <table className="insights-table">
              <thead>
                <tr>
                  <th>Stage</th>
                  <th>Deals</th>
                  <th>Median</th>
                  <th>p90</th>
                </tr>
              </thead>
              <tbody>
                {times.map((t) => (
                  <tr key={t.column.id}>
                    <th>{t.column.name}</th>
                    <td>{t.count}</td>
                    <td>{t.medianDays} d</td>
                    <td>{t.p90Days} d</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h3>Slowest open deals</h3>
            <ol className="insights-slowest">
              {slowest.map((s) => (
                <li key={s.deal.id}>
                  <button type="button" className="link-btn" onClick={() => openDeal(s.deal.id)}>
                    {s.deal.title}
                  </button>
                  <span className="muted">
                    {s.column.name}, {formatDuration(s.days)}
                  </span>
                </li>
              ))}
            </ol>
          </div>
        </div>
      </section>
    </div>
  );
}
