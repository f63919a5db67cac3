import type { ComplaintEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { complaintEvents } from '../replay/kept-events';
import { eachEvent, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { ComplaintTables } from './complaint.tables';

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

/** One statement a line: runScript splits at a `;` that ends a line. */
const DROP = `
DROP TABLE IF EXISTS complaints;
DROP TABLE IF EXISTS complaint_actions;
DROP TABLE IF EXISTS complainants;
`;

type Complaint = ComplaintTables['complaints'];
type Filed = Pick<Complaint, 'complaint_no' | 'category' | 'category_label' | 'channel' | 'department_id' | 'window_id' | 'staff_id' | 'case_no'
  | 'item_code' | 'summary' | 'evidence' | 'filed_at' | 'filed_date' | 'feedback_by'>;

const filed = new Statement<Filed>((db, p) =>
  db.insertInto('complaints').values({
    complaint_no: p('complaint_no'), category: p('category'), category_label: p('category_label'), channel: p('channel'),
    department_id: p('department_id'), window_id: p('window_id'), staff_id: p('staff_id'), case_no: p('case_no'), item_code: p('item_code'),
    summary: p('summary'), evidence: p('evidence'), status: 'filed', filed_at: p('filed_at'), filed_date: p('filed_date'),
    feedback_by: p('feedback_by'), updated_at: p('filed_at'),
  }).onConflict((c) => c.doNothing()));
const complainantRecorded = new Statement<ComplaintTables['complainants']>((db, p) =>
  db.insertInto('complainants').values({ complaint_no: p('complaint_no'), kind: p('kind'), person_id: p('person_id'), sealed: p('sealed'), trigger: p('trigger') })
    .onConflict((c) => c.doNothing()));

/** A change of the complaint's row by one event: the columns it sets, and `updated_at`. */
function changeOf<C extends keyof Complaint>(status: string, columns: readonly C[]) {
  return new Statement<Pick<Complaint, C> & { complaintNo: string; at: string }>((db, p) =>
    db.updateTable('complaints')
      .set({ status, ...Object.fromEntries(columns.map((column) => [column, p(column)])), updated_at: p('at') })
      .where('complaint_no', '=', p('complaintNo')));
}
const accepted = changeOf('accepted', ['accepted_at']);
const declined = changeOf('declined', ['declined_at', 'decline_reason']);
const investigationStarted = changeOf('investigating', ['investigation_started_at', 'investigator']);
const concluded = changeOf('concluded', ['concluded_at', 'concluded_date', 'substantiated', 'findings', 'working_days_to_conclusion']);
const feedbackGiven = changeOf('feedback-given', ['feedback_at', 'feedback_late']);
const actionTaken = new Statement<ComplaintTables['complaint_actions']>((db, p) =>
  db.insertInto('complaint_actions').values({
    complaint_no: p('complaint_no'), seq: p('seq'), kind: p('kind'), department_id: p('department_id'), staff_id: p('staff_id'),
    role: p('role'), person: p('person'), concluded_at: p('concluded_at'), concluded_date: p('concluded_date'),
  }).onConflict((c) => c.doNothing()));

export class ComplaintProjection implements Projection {
  readonly name = 'complaints';
  readonly fold = complaintEvents;
  /** 2: complainants sealed (person_id, sealed) instead of name, contact and ID number in clear. */
  readonly version = 2;

  migrate(tx: ReadModelDb): Promise<void> {
    return runScript(tx, TABLES);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP);
  }

  apply(tx: ReadModelDb, events: readonly StoredEvent[]): Promise<void> {
    return eachEvent(events, (event) => this.applyEvent(tx, event));
  }

  private async applyEvent(tx: ReadModelDb, stored: StoredEvent): Promise<void> {
    if (!stored.streamId.startsWith('complaint-')) return;
    const complaintNo = stored.streamId.slice('complaint-'.length);
    const event = { type: stored.type, data: stored.data } as ComplaintEvent;
    switch (event.type) {
      case 'ComplaintFiled': {
        const d = event.data;
        await filed.run(tx, {
          complaint_no: complaintNo, category: d.category, category_label: d.categoryLabel, channel: d.channel,
          department_id: d.target.departmentId, window_id: d.target.windowId ?? null, staff_id: d.target.staffId ?? null,
          case_no: d.target.caseNo ?? null, item_code: d.target.itemCode ?? null, summary: d.summary, evidence: JSON.stringify(d.evidence),
          filed_at: d.at, filed_date: d.filedDate, feedback_by: d.feedbackBy,
        });
        const c = d.complainant;
        await complainantRecorded.run(tx, c.kind === 'system'
          ? { complaint_no: complaintNo, kind: c.kind, person_id: null, sealed: null, trigger: c.trigger }
          : { complaint_no: complaintNo, kind: c.kind, person_id: c.personId, sealed: c.sealed, trigger: null });
        return;
      }
      case 'ComplaintAccepted':
        await accepted.run(tx, { complaintNo, at: event.data.at, accepted_at: event.data.at });
        return;
      case 'ComplaintDeclined':
        await declined.run(tx, { complaintNo, at: event.data.at, declined_at: event.data.at, decline_reason: event.data.reason });
        return;
      case 'ComplaintInvestigationStarted':
        await investigationStarted.run(tx, { complaintNo, at: event.data.at, investigation_started_at: event.data.at, investigator: event.data.investigator });
        return;
      case 'ComplaintConcluded': {
        const d = event.data;
        await concluded.run(tx, { complaintNo, at: d.at, concluded_at: d.at, concluded_date: d.concludedDate, substantiated: Number(d.substantiated),
          findings: d.findings, working_days_to_conclusion: d.workingDaysToConclusion });
        for (const [seq, a] of d.actions.entries()) {
          await actionTaken.run(tx, { complaint_no: complaintNo, seq, kind: a.kind, department_id: d.departmentId,
            staff_id: a.kind === 'return-staff' ? a.staffId : null, role: a.kind === 'hold-accountable' ? a.role : null,
            person: a.kind === 'hold-accountable' ? a.person : null, concluded_at: d.at, concluded_date: d.concludedDate });
        }
        return;
      }
      case 'ComplaintFeedbackGiven':
        await feedbackGiven.run(tx, { complaintNo, at: event.data.at, feedback_at: event.data.at, feedback_late: Number(event.data.late) });
        return;
    }
  }
}
