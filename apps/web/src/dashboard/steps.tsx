import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet } from '../shared/api';
import { EChart } from '../shared/echart';
import type { Scope } from './scope';

/** GET /api/departments/{id}/steps: one step's figures. */
interface StepFigures {
  readonly stepId: string;
  readonly stepName: string;
  readonly kind: string;
  readonly started: number;
  readonly completed: number;
  readonly returned: number;
  readonly inProgress: number;
  readonly workingDaysTaken: number;
  readonly overran: number;
}

const KINDS = ['acceptance', 'review', 'decision', 'delivery'];

/**
 * 各环节等待 (issue 24): where the cases of items with steps wait — per step, the average working
 * days the completed runs took, how many are in progress, returned and overran. A department
 * head sees their department; the center's roles every department together.
 */
export function StepWaits({ scope, token, from, to, version, departments }: {
  scope: Scope; token: string; from: string; to: string; version: number; departments: readonly string[];
}) {
  const [steps, setSteps] = useState<StepFigures[] | null>(null);
  const ids = scope.departmentId ? [scope.departmentId] : departments;

  useEffect(() => {
    Promise.all(ids.map((id) => apiGet<{ steps: StepFigures[] }>(`/api/departments/${encodeURIComponent(id)}/steps?from=${from}&to=${to}`, token)))
      .then((answers) => setSteps(addUp(answers.flatMap((a) => a.steps))), () => setSteps(null));
  }, [token, from, to, version, ids.join(',')]);

  const option = useMemo<EChartsCoreOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: (steps ?? []).map((s) => s.stepName) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '平均用时（工作日）', type: 'bar', data: (steps ?? []).map((s) => average(s)), itemStyle: { color: '#0b4a8b' } },
      { name: '在办', type: 'bar', data: (steps ?? []).map((s) => s.inProgress), itemStyle: { color: '#8a5a00' } },
      { name: '超时', type: 'bar', data: (steps ?? []).map((s) => s.overran), itemStyle: { color: '#b3261e' } },
    ],
  }), [steps]);

  if (!steps) return null;
  return (
    <section aria-labelledby="steps-title" class="panel">
      <h2 id="steps-title">各环节等待情况</h2>
      {steps.length === 0 ? <p>本期无分环节办理的办件。</p> : <EChart option={option} label="各环节平均用时、在办和超时柱状图，数据见下表" height={260} />}
      {steps.length > 0 && (
        <table data-testid="steps">
          <caption class="sr-only">各环节办理情况</caption>
          <thead>
            <tr>
              <th scope="col">环节</th><th scope="col" class="num">开始</th><th scope="col" class="num">完成</th><th scope="col" class="num">平均用时（工作日）</th>
              <th scope="col" class="num">在办</th><th scope="col" class="num">退回</th><th scope="col" class="num">超时</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.stepId} data-step={s.stepId}>
                <th scope="row">{s.stepName}</th>
                <td class="num">{s.started}</td><td class="num">{s.completed}</td><td class="num">{average(s) ?? '—'}</td>
                <td class="num">{s.inProgress}</td><td class="num">{s.returned}</td><td class="num">{s.overran}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function average(s: StepFigures): number | null {
  return s.completed === 0 ? null : Math.round((s.workingDaysTaken / s.completed) * 10) / 10;
}

/** The same step of several departments' procedures, added up; in the procedure's order. */
function addUp(steps: readonly StepFigures[]): StepFigures[] {
  const byStep = new Map<string, StepFigures>();
  for (const s of steps) {
    const sum = byStep.get(s.stepId);
    byStep.set(s.stepId, sum ? {
      ...sum, started: sum.started + s.started, completed: sum.completed + s.completed, returned: sum.returned + s.returned,
      inProgress: sum.inProgress + s.inProgress, workingDaysTaken: sum.workingDaysTaken + s.workingDaysTaken, overran: sum.overran + s.overran,
    } : s);
  }
  return [...byStep.values()].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
}
