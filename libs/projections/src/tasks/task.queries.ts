import type { ReadModelStore } from '../store/read-model-store';

/** Who asks for their worklist: the staff member, their department, and the roles whose pools they work. */
export interface Worker {
  readonly staffId: string;
  readonly departmentId: string | null;
  readonly pools: readonly string[];
}

export interface Task {
  readonly caseNo: string;
  readonly itemCode: string | null;
  readonly itemName: string | null;
  /** Masked (张*丰). */
  readonly applicantName: string | null;
  readonly stepId: string;
  readonly stepName: string;
  readonly kind: string;
  readonly role: string;
  readonly departmentId: string;
  /** Held by the caller (mine), or waiting in a pool of their department. */
  readonly mine: boolean;
  readonly holder: string | null;
  readonly pool: string | null;
  readonly remoteAllowed: boolean;
  readonly startedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly overdue: boolean;
}

/** The worklists (待办): the steps in progress a staff member holds or may claim. */
export class TaskQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** Mine, and my roles' pools in my department; the soonest due first. */
  async worklist(worker: Worker, now: string, limit = 500): Promise<Task[]> {
    const rows = await this.store.db.selectFrom('tasks')
      .leftJoin('cases', 'cases.case_no', 'tasks.case_no')
      .select([
        'tasks.case_no', 'tasks.step_id', 'tasks.step_name', 'tasks.kind', 'tasks.role', 'tasks.department_id', 'tasks.holder', 'tasks.pool_role',
        'tasks.remote_allowed', 'tasks.started_at', 'tasks.due_date', 'tasks.due_at', 'cases.item_code', 'cases.item_name', 'cases.applicant_name',
      ])
      .where((eb) => {
        const mine = eb('tasks.holder', '=', worker.staffId);
        if (worker.departmentId === null || worker.pools.length === 0) return mine;
        return eb.or([mine, eb.and([
          eb('tasks.holder', 'is', null), eb('tasks.department_id', '=', worker.departmentId), eb('tasks.pool_role', 'in', [...worker.pools]),
        ])]);
      })
      .orderBy('tasks.due_at').orderBy('tasks.case_no').limit(limit).execute();
    return rows.map((r) => ({
      caseNo: r.case_no, itemCode: r.item_code ?? null, itemName: r.item_name ?? null, applicantName: r.applicant_name ?? null,
      stepId: r.step_id, stepName: r.step_name, kind: r.kind, role: r.role, departmentId: r.department_id,
      mine: r.holder === worker.staffId, holder: r.holder, pool: r.pool_role, remoteAllowed: r.remote_allowed === 1,
      startedAt: r.started_at, dueDate: r.due_date, dueAt: r.due_at, overdue: Date.parse(now) > Date.parse(r.due_at),
    }));
  }

  /**
   * The deadline watcher's agenda of steps: those in progress on a running case whose warning
   * moment or due time has passed without the card recorded for that due time.
   */
  async dueSteps(now: string, limit: number): Promise<{ caseNo: string; stepId: string; dueAt: string }[]> {
    const rows = await this.store.db.selectFrom('tasks').innerJoin('cases', 'cases.case_no', 'tasks.case_no')
      .select(['tasks.case_no', 'tasks.step_id', 'tasks.due_at'])
      .where('cases.status', 'in', ['open', 'completed'])
      .where((eb) => eb.or([
        eb.and([eb('tasks.warn_at', '<=', now), eb.or([eb('tasks.warned_for', 'is', null), eb('tasks.warned_for', '<>', eb.ref('tasks.due_at'))])]),
        eb.and([eb('tasks.due_at', '<', now), eb.or([eb('tasks.overran_for', 'is', null), eb('tasks.overran_for', '<>', eb.ref('tasks.due_at'))])]),
      ]))
      .orderBy('tasks.due_at').orderBy('tasks.case_no').limit(limit).execute();
    return rows.map((r) => ({ caseNo: r.case_no, stepId: r.step_id, dueAt: r.due_at }));
  }
}
