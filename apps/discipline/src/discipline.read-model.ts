import type { ConsumerDb, ReadModel } from '@gov/messaging';
import { isComplaintEffect } from './complaint.effects';
import { applyComplaintEffect, migrateComplaintTables } from './complaint.read-model';
import { DisciplineEffect, disciplineEffects, LateCaseEffect } from './discipline.effects';

export type LateCaseStatus = 'overdue-open' | 'completed-late' | 'withdrawn-while-overdue' | 'cleared';

export interface LateCaseRow {
  readonly caseNo: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly itemCode: string;
  readonly dueDate: string;
  readonly dueAt: string | null;
  readonly overdueAt: string | null;
  readonly status: LateCaseStatus;
  readonly completedAt: string | null;
  readonly workingDaysLate: number | null;
  readonly withdrawnAt: string | null;
}

/** The discipline window's tables in its own SQLite file (DATA_DIR/discipline.sqlite): late cases, complaints, rectifications. */
export const disciplineReadModel: ReadModel<DisciplineEffect> = {
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS late_cases (
        case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT, item_code TEXT NOT NULL,
        due_date TEXT NOT NULL, due_at TEXT, overdue_at TEXT, status TEXT NOT NULL,
        completed_at TEXT, working_days_late INTEGER, withdrawn_at TEXT,
        ground TEXT NOT NULL DEFAULT '不按规定时限办结'
      );`);
    migrateComplaintTables(db);
  },
  effectsOf: disciplineEffects,
  apply(db, effects) {
    for (const effect of effects) {
      if (isComplaintEffect(effect)) applyComplaintEffect(db, effect);
      else applyLateCaseEffect(db, effect);
    }
  },
};

function applyLateCaseEffect(db: ConsumerDb, effect: LateCaseEffect): void {
  switch (effect.kind) {
    case 'overdue-flagged':
      db.prepare(`INSERT INTO late_cases (case_no, department_id, window_id, item_code, due_date, due_at, overdue_at, status)
                  VALUES (?, ?, ?, ?, ?, ?, ?, 'overdue-open')
                  ON CONFLICT (case_no) DO UPDATE SET due_date = excluded.due_date, due_at = excluded.due_at,
                    overdue_at = excluded.overdue_at, status = 'overdue-open'`)
        .run(effect.caseNo, effect.departmentId, effect.windowId, effect.itemCode, effect.dueDate, effect.dueAt, effect.overdueAt);
      return;
    case 'completed-late':
      // Also without a red card first: completed after the due time but before the watcher's pass.
      db.prepare(`INSERT INTO late_cases (case_no, department_id, window_id, item_code, due_date, status, completed_at, working_days_late)
                  VALUES (?, ?, ?, ?, ?, 'completed-late', ?, ?)
                  ON CONFLICT (case_no) DO UPDATE SET status = 'completed-late', due_date = excluded.due_date,
                    completed_at = excluded.completed_at, working_days_late = excluded.working_days_late`)
        .run(effect.caseNo, effect.departmentId, effect.windowId, effect.itemCode, effect.dueDate, effect.completedAt, effect.workingDaysLate);
      return;
    case 'completed-in-time':
      db.prepare(`UPDATE late_cases SET status = 'cleared', completed_at = ? WHERE case_no = ? AND status = 'overdue-open'`)
        .run(effect.completedAt, effect.caseNo);
      return;
    case 'withdrawn':
      db.prepare(`UPDATE late_cases SET status = 'withdrawn-while-overdue', withdrawn_at = ? WHERE case_no = ? AND status = 'overdue-open'`)
        .run(effect.withdrawnAt, effect.caseNo);
      return;
  }
}

/** Candidates for the discipline window, excluding those cleared, most overdue first. */
export function lateCases(db: ConsumerDb): LateCaseRow[] {
  return db.prepare<[], LateCaseRow>(
    `SELECT case_no AS caseNo, department_id AS departmentId, window_id AS windowId, item_code AS itemCode, due_date AS dueDate,
            due_at AS dueAt, overdue_at AS overdueAt, status, completed_at AS completedAt, working_days_late AS workingDaysLate,
            withdrawn_at AS withdrawnAt
     FROM late_cases WHERE status <> 'cleared' ORDER BY due_date, case_no`,
  ).all();
}
