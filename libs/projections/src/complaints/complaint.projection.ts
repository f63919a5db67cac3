import type { ComplaintEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelDb } from '../read-model-db';

/**
 * The discipline window's read models. `complaints` and `complaint_actions` carry no word of
 * who complained; `complainants` keeps the complainant as the event does, sealed under the
 * person's key, which only the discipline window's endpoint opens (README "Personal data").
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS complaints (
  complaint_no TEXT PRIMARY KEY, category TEXT NOT NULL, category_label TEXT NOT NULL, channel TEXT NOT NULL,
  department_id TEXT NOT NULL, window_id TEXT, staff_id TEXT, case_no TEXT, item_code TEXT,
  summary TEXT NOT NULL, evidence TEXT NOT NULL, status TEXT NOT NULL,
  filed_at TEXT NOT NULL, filed_date TEXT NOT NULL, feedback_by TEXT,
  accepted_at TEXT, declined_at TEXT, decline_reason TEXT, investigator TEXT, investigation_started_at TEXT,
  concluded_at TEXT, concluded_date TEXT, substantiated INTEGER, findings TEXT, working_days_to_conclusion INTEGER,
  feedback_at TEXT, feedback_late INTEGER, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS complaints_status ON complaints (status, filed_at);
CREATE INDEX IF NOT EXISTS complaints_department ON complaints (department_id, filed_date);
CREATE INDEX IF NOT EXISTS complaints_concluded ON complaints (concluded_date);
CREATE TABLE IF NOT EXISTS complaint_actions (
  complaint_no TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, department_id TEXT NOT NULL,
  staff_id TEXT, role TEXT, person TEXT, concluded_at TEXT NOT NULL, concluded_date TEXT NOT NULL, PRIMARY KEY (complaint_no, seq)
);
CREATE INDEX IF NOT EXISTS complaint_actions_date ON complaint_actions (concluded_date);
CREATE TABLE IF NOT EXISTS complainants (
  complaint_no TEXT PRIMARY KEY, kind TEXT NOT NULL, person_id TEXT, sealed TEXT, trigger TEXT
);
`;

export class ComplaintProjection implements Projection {
  readonly name = 'complaints';
  /** 2: complainants sealed (person_id, sealed) instead of name, contact and ID number in clear. */
  readonly version = 2;

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS complaints; DROP TABLE IF EXISTS complaint_actions; DROP TABLE IF EXISTS complainants;');
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (!stored.streamId.startsWith('complaint-')) return;
    const complaintNo = stored.streamId.slice('complaint-'.length);
    const event = { type: stored.type, data: stored.data } as ComplaintEvent;
    const update = (assignments: string, values: Record<string, unknown>) =>
      db.prepare(`UPDATE complaints SET ${assignments}, updated_at = @at WHERE complaint_no = @complaintNo`).run({ complaintNo, ...values });
    switch (event.type) {
      case 'ComplaintFiled': {
        const d = event.data;
        db.prepare(`INSERT OR IGNORE INTO complaints (complaint_no, category, category_label, channel, department_id, window_id, staff_id,
          case_no, item_code, summary, evidence, status, filed_at, filed_date, feedback_by, updated_at)
          VALUES (@complaintNo, @category, @categoryLabel, @channel, @departmentId, @windowId, @staffId, @caseNo, @itemCode, @summary,
          @evidence, 'filed', @at, @filedDate, @feedbackBy, @at)`).run({
          complaintNo, category: d.category, categoryLabel: d.categoryLabel, channel: d.channel, ...d.target, summary: d.summary,
          evidence: JSON.stringify(d.evidence), at: d.at, filedDate: d.filedDate, feedbackBy: d.feedbackBy,
        });
        const c = d.complainant;
        db.prepare(`INSERT OR IGNORE INTO complainants (complaint_no, kind, person_id, sealed, trigger) VALUES (?, ?, ?, ?, ?)`).run(
          complaintNo, c.kind, c.kind === 'system' ? null : c.personId, c.kind === 'system' ? null : c.sealed, c.kind === 'system' ? c.trigger : null);
        return;
      }
      case 'ComplaintAccepted':
        update(`status = 'accepted', accepted_at = @at`, { at: event.data.at });
        return;
      case 'ComplaintDeclined':
        update(`status = 'declined', declined_at = @at, decline_reason = @reason`, { at: event.data.at, reason: event.data.reason });
        return;
      case 'ComplaintInvestigationStarted':
        update(`status = 'investigating', investigation_started_at = @at, investigator = @investigator`, { at: event.data.at, investigator: event.data.investigator });
        return;
      case 'ComplaintConcluded': {
        const d = event.data;
        update(`status = 'concluded', concluded_at = @at, concluded_date = @concludedDate, substantiated = @substantiated, findings = @findings,
          working_days_to_conclusion = @days`, { at: d.at, concludedDate: d.concludedDate, substantiated: Number(d.substantiated), findings: d.findings,
          days: d.workingDaysToConclusion });
        const insert = db.prepare(`INSERT OR IGNORE INTO complaint_actions (complaint_no, seq, kind, department_id, staff_id, role, person,
          concluded_at, concluded_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
        d.actions.forEach((a, seq) => insert.run(complaintNo, seq, a.kind, d.departmentId, a.kind === 'return-staff' ? a.staffId : null,
          a.kind === 'hold-accountable' ? a.role : null, a.kind === 'hold-accountable' ? a.person : null, d.at, d.concludedDate));
        return;
      }
      case 'ComplaintFeedbackGiven':
        update(`status = 'feedback-given', feedback_at = @at, feedback_late = @late`, { at: event.data.at, late: Number(event.data.late) });
        return;
    }
  }
}
