import { sql } from 'kysely';
import type { ReadModelStore } from '../store/read-model-store';

/** One step's figures over a period. */
export interface StepFigures {
  readonly stepId: string;
  readonly stepName: string;
  readonly kind: string;
  /** Runs of the step started in the period (a returned step that starts again is a second run). */
  readonly started: number;
  readonly completed: number;
  /** Runs sent back from this step to an earlier one (退回). */
  readonly returned: number;
  readonly inProgress: number;
  /** Working days the completed runs took, suspended days excluded. */
  readonly workingDaysTaken: number;
  readonly averageWorkingDays: number | null;
  /** Runs that overran their due time (recorded by the watcher, or completed late). */
  readonly overran: number;
}

type Row = {
  step_id: string; step_name: string; kind: string; item_code: string | null; item_name: string | null;
  started: number | string; completed: number | string; returned: number | string; in_progress: number | string;
  days: number | string | null; overran: number | string;
};

/**
 * Where a department's time goes (issue 24): per step of its cases' procedures, the runs started
 * in the period, how long the completed ones took and how many overran; and the same by item.
 */
export class StepFiguresQuery {
  constructor(private readonly store: ReadModelStore) {}

  async figures(departmentId: string, from: string, to: string) {
    const rows = (await this.store.db.selectFrom('step_runs').leftJoin('cases', 'cases.case_no', 'step_runs.case_no')
      .select([
        'step_runs.step_id', 'step_runs.step_name', 'step_runs.kind', 'cases.item_code', 'cases.item_name',
        sql<number>`COUNT(*)`.as('started'),
        sql<number>`SUM(CASE WHEN step_runs.ended_how = 'completed' THEN 1 ELSE 0 END)`.as('completed'),
        sql<number>`SUM(CASE WHEN step_runs.ended_how = 'returned' THEN 1 ELSE 0 END)`.as('returned'),
        sql<number>`SUM(CASE WHEN step_runs.ended_at IS NULL THEN 1 ELSE 0 END)`.as('in_progress'),
        sql<number>`SUM(CASE WHEN step_runs.ended_how = 'completed' THEN step_runs.working_days_taken ELSE 0 END)`.as('days'),
        sql<number>`SUM(CASE WHEN step_runs.overran = 1 OR step_runs.late = 1 THEN 1 ELSE 0 END)`.as('overran'),
      ])
      .where('step_runs.department_id', '=', departmentId)
      .where('step_runs.started_date', '>=', from).where('step_runs.started_date', '<=', to)
      .groupBy(['step_runs.step_id', 'step_runs.step_name', 'step_runs.kind', 'cases.item_code', 'cases.item_name'])
      .orderBy('cases.item_code').orderBy('step_runs.step_id')
      .execute()) as Row[];
    const items = new Map<string, { itemCode: string; itemName: string | null; rows: Row[] }>();
    for (const row of rows) {
      const code = row.item_code ?? '';
      const item = items.get(code) ?? { itemCode: code, itemName: row.item_name, rows: [] };
      item.rows.push(row);
      items.set(code, item);
    }
    return {
      departmentId, from, to,
      steps: sumByStep(rows),
      byItem: [...items.values()].map((item) => ({ itemCode: item.itemCode, itemName: item.itemName, steps: sumByStep(item.rows) })),
    };
  }
}

/** The rows of each step added up, in the order of the procedure's kinds, then by step id. */
function sumByStep(rows: readonly Row[]): StepFigures[] {
  const byStep = new Map<string, Omit<StepFigures, 'averageWorkingDays'>>();
  for (const row of rows) {
    const key = `${row.step_id}\u0000${row.step_name}\u0000${row.kind}`;
    const sum = byStep.get(key) ?? { stepId: row.step_id, stepName: row.step_name, kind: row.kind, started: 0, completed: 0, returned: 0, inProgress: 0, workingDaysTaken: 0, overran: 0 };
    byStep.set(key, {
      ...sum,
      started: sum.started + Number(row.started), completed: sum.completed + Number(row.completed), returned: sum.returned + Number(row.returned),
      inProgress: sum.inProgress + Number(row.in_progress), workingDaysTaken: sum.workingDaysTaken + Number(row.days ?? 0), overran: sum.overran + Number(row.overran),
    });
  }
  const order = ['acceptance', 'review', 'decision', 'delivery'];
  return [...byStep.values()]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0))
    .map((s) => ({ ...s, averageWorkingDays: s.completed === 0 ? null : Math.round((s.workingDaysTaken / s.completed) * 100) / 100 }));
}
