import type { CaseFigures } from '../../../../libs/projections/src/stats/case-figures.types';
import { percent, yuan } from '../shared/format';

/** The figures of the county's report: the engine's own type (README, "Reported figures"). */
export type Figures = CaseFigures;

export type DepartmentFigures = Figures & { readonly departmentId: string };

type Shown = (f: Figures) => string;

/** Each line of the report: its label and how its value reads, with the share beside the count. */
export const REPORT_LINES: readonly { readonly key: keyof Figures; readonly label: string; readonly value: Shown; readonly share?: Shown }[] = [
  { key: 'received', label: '受理件', value: (f) => String(f.received) },
  { key: 'completed', label: '办结件', value: (f) => String(f.completed), share: (f) => `办结率 ${percent(f.completionRate)}` },
  { key: 'immediate', label: '即办件', value: (f) => String(f.immediate), share: (f) => `占 ${percent(f.immediateShare)}` },
  { key: 'promised', label: '承诺件', value: (f) => String(f.promised), share: (f) => `占 ${percent(f.promisedShare)}` },
  { key: 'promisedCompleted', label: '承诺件办结', value: (f) => String(f.promisedCompleted), share: (f) => `办结率 ${percent(f.promisedCompletionRate)}` },
  { key: 'completedEarly', label: '提前办结', value: (f) => String(f.completedEarly), share: (f) => `占承诺件办结 ${percent(f.earlyCompletionRate)}` },
  { key: 'pending', label: '待办件', value: (f) => String(f.pending), share: (f) => `占 ${percent(f.pendingShare)}` },
  { key: 'special', label: '特事特办', value: (f) => String(f.special) },
  { key: 'overdue', label: '超期件', value: (f) => String(f.overdue) },
  { key: 'withdrawn', label: '撤回件', value: (f) => String(f.withdrawn) },
  { key: 'notAccepted', label: '不予受理', value: (f) => String(f.notAccepted) },
  { key: 'withinFiveWorkingDaysRate', label: '5个工作日内办结率', value: (f) => percent(f.withinFiveWorkingDaysRate) },
  { key: 'withinFiveWorkingDaysRateIncludingOpenLate', label: '5个工作日内办结率（含超5日未办结）', value: (f) => percent(f.withinFiveWorkingDaysRateIncludingOpenLate),
    share: (f) => `超5日未办结 ${f.openBeyondFiveWorkingDays}` },
  { key: 'averageWorkingDays', label: '平均办理工作日', value: (f) => (f.averageWorkingDays === null ? '—' : f.averageWorkingDays.toFixed(2)) },
  { key: 'rated', label: '评价件', value: (f) => String(f.rated), share: (f) => `满意率 ${percent(f.satisfactionRate)}` },
  { key: 'feesCollected', label: '银行收费', value: (f) => yuan(f.feesCollected) },
];
