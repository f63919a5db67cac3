import type { Generated } from 'kysely';

/** The deadline watcher's agenda (DeadlineProjection). Integers 0/1 are flags; Generated: the column has a default. */
export interface DeadlineTables {
  deadlines: {
    case_no: string; department_id: string; window_id: string | null;
    accepted_date: string; due_date: string; due_at: string; warn_at: string | null; notice_by: string;
    suspended: Generated<number>; materials_requested: Generated<number>; deemed: Generated<number>;
    warned_for: Generated<string | null>; overdue_for: Generated<string | null>; next_fire_at: Generated<string | null>;
  };
  calendar_changes: { position: number; year: number; processed: Generated<number> };
}

declare module '../store/tables' {
  interface ReadModelTables extends DeadlineTables {}
}
