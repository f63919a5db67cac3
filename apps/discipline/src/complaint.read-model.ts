import type { ConsumerDb } from '@gov/messaging';
import type { ComplaintEffect } from './complaint.effects';

/** The complaint and rectification tables of the discipline window's read model. */
export function migrateComplaintTables(db: ConsumerDb): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS complaints (
      complaint_no TEXT PRIMARY KEY, category TEXT NOT NULL, channel TEXT NOT NULL, department_id TEXT NOT NULL,
      window_id TEXT, staff_id TEXT, case_no TEXT, item_code TEXT, filed_date TEXT NOT NULL, filed_at TEXT,
      feedback_by TEXT, status TEXT NOT NULL, substantiated INTEGER, concluded_at TEXT, feedback_at TEXT, feedback_late INTEGER,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS complaints_feedback_due ON complaints (feedback_by) WHERE feedback_at IS NULL AND feedback_by IS NOT NULL;
    CREATE TABLE IF NOT EXISTS accountability_actions (
      complaint_no TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, department_id TEXT, staff_id TEXT, role TEXT,
      PRIMARY KEY (complaint_no, seq)
    );
    CREATE TABLE IF NOT EXISTS rectifications (
      rectification_no TEXT PRIMARY KEY, case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT, level TEXT NOT NULL,
      answer_by TEXT NOT NULL, opened_at TEXT, answered_at TEXT, late INTEGER
    );`);
}

const bit = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

export function applyComplaintEffect(db: ConsumerDb, effect: ComplaintEffect): void {
  switch (effect.kind) {
    case 'complaint-moved': {
      const c = effect.complaint;
      db.prepare(`INSERT INTO complaints (complaint_no, category, channel, department_id, window_id, staff_id, case_no, item_code, filed_date,
                    filed_at, feedback_by, status, substantiated, concluded_at, feedback_at, feedback_late, updated_at)
                  VALUES (@complaintNo, @category, @channel, @departmentId, @windowId, @staffId, @caseNo, @itemCode, @filedDate,
                    @filedAt, @feedbackBy, @status, @substantiated, @concludedAt, @feedbackAt, @feedbackLate, @at)
                  ON CONFLICT (complaint_no) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                    filed_at = COALESCE(complaints.filed_at, excluded.filed_at),
                    substantiated = COALESCE(excluded.substantiated, complaints.substantiated),
                    concluded_at = COALESCE(excluded.concluded_at, complaints.concluded_at),
                    feedback_at = COALESCE(excluded.feedback_at, complaints.feedback_at),
                    feedback_late = COALESCE(excluded.feedback_late, complaints.feedback_late)`)
        .run({
          ...c, at: effect.at, filedAt: c.status === 'filed' ? effect.at : null, substantiated: bit(effect.substantiated),
          concludedAt: c.status === 'concluded' ? effect.at : null, feedbackAt: c.status === 'feedback-given' ? effect.at : null,
          feedbackLate: bit(effect.feedbackLate),
        });
      return;
    }
    case 'accountability-recorded': {
      const insert = db.prepare('INSERT INTO accountability_actions (complaint_no, seq, kind, department_id, staff_id, role) VALUES (?, ?, ?, ?, ?, ?)');
      db.prepare('DELETE FROM accountability_actions WHERE complaint_no = ?').run(effect.complaintNo);
      effect.actions.forEach((action, seq) => insert.run(effect.complaintNo, seq, action.kind,
        action.kind === 'admonish-department' ? action.departmentId : null, action.kind === 'return-staff' ? action.staffId : null,
        action.kind === 'hold-accountable' ? action.role : null));
      return;
    }
    case 'rectification-moved': {
      const r = effect.rectification;
      db.prepare(`INSERT INTO rectifications (rectification_no, case_no, department_id, window_id, level, answer_by, opened_at, answered_at, late)
                  VALUES (@rectificationNo, @caseNo, @departmentId, @windowId, @level, @answerBy, @openedAt, @answeredAt, @late)
                  ON CONFLICT (rectification_no) DO UPDATE SET opened_at = COALESCE(rectifications.opened_at, excluded.opened_at),
                    answered_at = COALESCE(excluded.answered_at, rectifications.answered_at), late = COALESCE(excluded.late, rectifications.late)`)
        .run({ ...r, openedAt: effect.openedAt ?? null, answeredAt: effect.answeredAt ?? null, late: bit(effect.late) });
      return;
    }
  }
}

/** Complaints not yet decided (filed, accepted or under investigation). */
const OPEN = `status IN ('filed', 'accepted', 'investigating')`;

export interface OpenComplaintCount {
  readonly key: string;
  readonly open: number;
}

/** Open complaints counted per category (应进不进, 乱收费…) or per department, most first. */
export function openComplaints(db: ConsumerDb, by: 'category' | 'department'): OpenComplaintCount[] {
  const column = by === 'category' ? 'category' : 'department_id';
  return db.prepare<[], OpenComplaintCount>(
    `SELECT ${column} AS key, COUNT(*) AS open FROM complaints WHERE ${OPEN} GROUP BY ${column} ORDER BY open DESC, key`).all();
}

export interface OverdueFeedbackRow {
  readonly complaintNo: string;
  readonly category: string;
  readonly departmentId: string;
  readonly status: string;
  readonly feedbackBy: string;
}

/**
 * Complaints whose complainant is owed feedback past its deadline (`now` an ISO instant): a
 * deadline passing is no event, so it is read here from the `feedbackBy` every event carries.
 */
export function overdueFeedback(db: ConsumerDb, now: string): OverdueFeedbackRow[] {
  return db.prepare<[string], OverdueFeedbackRow>(
    `SELECT complaint_no AS complaintNo, category, department_id AS departmentId, status, feedback_by AS feedbackBy
     FROM complaints WHERE feedback_at IS NULL AND feedback_by IS NOT NULL AND feedback_by < ? ORDER BY feedback_by, complaint_no`).all(now);
}

export interface AccountabilityRow {
  readonly complaintNo: string;
  readonly departmentId: string;
  readonly kind: string;
  /** The department admonished, the staff member returned, or the role held accountable. */
  readonly subject: string;
}

/** Every accountability action (问责) of concluded complaints, by complaint. */
export function accountabilityActions(db: ConsumerDb): AccountabilityRow[] {
  return db.prepare<[], AccountabilityRow>(
    `SELECT a.complaint_no AS complaintNo, c.department_id AS departmentId, a.kind, COALESCE(a.department_id, a.staff_id, a.role) AS subject
     FROM accountability_actions a JOIN complaints c USING (complaint_no) ORDER BY a.complaint_no, a.seq`).all();
}

export interface OverdueRectificationRow {
  readonly rectificationNo: string;
  readonly caseNo: string;
  readonly departmentId: string;
  readonly answerBy: string;
}

/** Rectifications the department has not answered by their deadline. */
export function overdueRectifications(db: ConsumerDb, now: string): OverdueRectificationRow[] {
  return db.prepare<[string], OverdueRectificationRow>(
    `SELECT rectification_no AS rectificationNo, case_no AS caseNo, department_id AS departmentId, answer_by AS answerBy
     FROM rectifications WHERE answered_at IS NULL AND answer_by < ? ORDER BY answer_by, rectification_no`).all(now);
}
