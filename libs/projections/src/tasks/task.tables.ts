/** The steps in progress and every step run so far (TaskProjection). */
export interface TaskTables {
  /** One row per case with a step in progress: who holds it, or which pool it waits in. */
  tasks: {
    case_no: string; step_id: string; step_name: string; kind: string; role: string; department_id: string;
    /** The staff member holding it; null while it waits in the pool. */
    holder: string | null;
    /** The role whose pool (in `department_id`) it waits in; null when a person holds it. */
    pool_role: string | null;
    remote_allowed: number; started_at: string; due_date: string; due_at: string;
    /** The warning moment, and the due times a warning and an overrun were recorded for (the watcher's agenda). */
    warn_at: string | null; warned_for: string | null; overran_for: string | null;
    updated_at: string;
  };
  /** Every run of a step, from its start to its completion, return or cancellation. */
  step_runs: {
    /** The StepStarted event's id. */
    run_id: string;
    case_no: string; step_id: string; step_name: string; kind: string; department_id: string;
    started_at: string; started_date: string; due_at: string; limit_days: number;
    ended_at: string | null;
    /** completed, returned (sent back from this step), cancelled; null while it runs. */
    ended_how: string | null;
    held_by: string | null; opinion: string | null;
    working_days_taken: number | null; late: number | null; working_days_late: number | null;
    /** 1 once the watcher recorded the step's overrun (超时) while it ran. */
    overran: number;
  };
}

declare module '../store/tables' {
  interface ReadModelTables extends TaskTables {}
}
