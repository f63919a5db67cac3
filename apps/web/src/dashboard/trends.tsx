import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import { EChart } from '../shared/echart';
import { addDays, mondayOf, percent } from '../shared/format';
import type { Figures } from './figures';
import type { Scope } from './scope';

/** At most this many weeks are drawn: the last ones of a longer period. */
const MAX_WEEKS = 26;

interface Week {
  readonly from: string;
  readonly to: string;
  readonly figures: Figures;
}

/** The Monday-to-Sunday weeks of a period, each cut to the period. */
export function weeksOf(from: string, to: string): { from: string; to: string }[] {
  const weeks: { from: string; to: string }[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    weeks.push({ from: monday < from ? from : monday, to: sunday > to ? to : sunday });
  }
  return weeks.slice(-MAX_WEEKS);
}

/** Week by week, each week's figures as the report API computes them for that week. */
export function Trends({ scope, token, from, to, version }: { scope: Scope; token: string; from: string; to: string; version: number }) {
  const [weeks, setWeeks] = useState<Week[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const path = (w: { from: string; to: string }) => scope.departmentId
      ? `/api/departments/${encodeURIComponent(scope.departmentId)}/stats?from=${w.from}&to=${w.to}`
      : `/api/reports/center?from=${w.from}&to=${w.to}`;
    Promise.all(weeksOf(from, to).map(async (w) => {
      const answer = await apiGet<Figures & { center?: Figures }>(path(w), token);
      return { ...w, figures: answer.center ?? answer };
    })).then((loaded) => !stale && setWeeks(loaded), (e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [scope, token, from, to, version]);

  const option = useMemo<EChartsCoreOption | null>(() => weeks && ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: weeks.map((w) => `${w.from.slice(5)}起`) },
    yAxis: [{ type: 'value', name: '件' }, { type: 'value', name: '办结率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: '受理', type: 'bar', data: weeks.map((w) => w.figures.received), itemStyle: { color: '#0b4a8b' } },
      { name: '办结', type: 'bar', data: weeks.map((w) => w.figures.completed), itemStyle: { color: '#2e9e6a' } },
      { name: '办结率', type: 'line', yAxisIndex: 1, data: weeks.map((w) => (w.figures.completionRate === null ? null : Math.round(w.figures.completionRate * 1000) / 10)),
        itemStyle: { color: '#b3261e' } },
    ],
  }), [weeks]);

  return (
    <section aria-labelledby="trends-title" class="panel">
      <h2 id="trends-title">逐周趋势</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {!weeks ? <p>正在计算……</p> : (
        <>
          {option && <EChart option={option} label="逐周受理、办结与办结率图，数据见下表" height={280} />}
          <table data-testid="weeks">
            <caption class="sr-only">逐周数据</caption>
            <thead><tr><th scope="col">周</th><th scope="col" class="num">受理</th><th scope="col" class="num">办结</th><th scope="col" class="num">办结率</th><th scope="col" class="num">超期</th></tr></thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.from}><th scope="row">{w.from} 至 {w.to}</th><td class="num">{w.figures.received}</td><td class="num">{w.figures.completed}</td>
                  <td class="num">{percent(w.figures.completionRate)}</td><td class="num">{w.figures.overdue}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
