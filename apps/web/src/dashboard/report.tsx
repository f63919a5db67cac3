import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'preact/hooks';
import { EChart } from '../shared/echart';
import { percent } from '../shared/format';
import { DepartmentFigures, Figures, REPORT_LINES } from './figures';

/** Every figure of the county's report for the period, for the center or the department. */
export function ReportFigures({ title, figures }: { title: string; figures: Figures }) {
  return (
    <section aria-labelledby="report-title" class="panel">
      <h2 id="report-title">{title}</h2>
      <dl class="figures" data-testid="report">
        {REPORT_LINES.map((line) => (
          <div key={line.key} class="figure">
            <dt>{line.label}</dt>
            <dd>
              <span class="value" data-figure={line.key}>{line.value(figures)}</span>
              {line.share && <span class="share">{line.share(figures)}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Completion and 5-working-day rates per department: a chart, and the same in a table. */
export function DepartmentRates({ departments, names }: { departments: readonly DepartmentFigures[]; names: ReadonlyMap<string, string> }) {
  const option = useMemo<EChartsCoreOption>(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 64 },
    xAxis: { type: 'category', data: departments.map((d) => names.get(d.departmentId) ?? d.departmentId), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '办结率', type: 'bar', data: departments.map((d) => pct(d.completionRate)), itemStyle: { color: '#0b4a8b' } },
      { name: '5个工作日内办结率', type: 'bar', data: departments.map((d) => pct(d.withinFiveWorkingDaysRate)), itemStyle: { color: '#2e9e6a' },
        markLine: { symbol: 'none', data: [{ yAxis: 80, name: '目标 80%' }], lineStyle: { color: '#b3261e', type: 'dashed' }, label: { formatter: '目标 80%' } } },
    ],
  }), [departments, names]);
  return (
    <section aria-labelledby="rates-title" class="panel">
      <h2 id="rates-title">各部门办结率与5个工作日内办结率</h2>
      {departments.length === 0 ? <p>本期无办件。</p> : <EChart option={option} label="各部门办结率与5个工作日内办结率柱状图，数据见下表" />}
      <table data-testid="departments">
        <caption class="sr-only">各部门报表</caption>
        <thead>
          <tr>
            <th scope="col">部门</th><th scope="col" class="num">受理</th><th scope="col" class="num">办结</th><th scope="col" class="num">办结率</th>
            <th scope="col" class="num">即办件占比</th><th scope="col" class="num">5个工作日内办结率</th><th scope="col" class="num">超期</th>
            <th scope="col" class="num">特事特办</th><th scope="col" class="num">满意率</th>
          </tr>
        </thead>
        <tbody>
          {departments.map((d) => (
            <tr key={d.departmentId} data-department={d.departmentId}>
              <th scope="row">{names.get(d.departmentId) ?? d.departmentId}</th>
              <td class="num" data-col="received">{d.received}</td>
              <td class="num" data-col="completed">{d.completed}</td>
              <td class="num" data-col="completionRate">{percent(d.completionRate)}</td>
              <td class="num">{percent(d.immediateShare)}</td>
              <td class="num" data-col="withinFiveWorkingDaysRate">{percent(d.withinFiveWorkingDaysRate)}</td>
              <td class="num">{d.overdue}</td>
              <td class="num">{d.special}</td>
              <td class="num">{percent(d.satisfactionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
