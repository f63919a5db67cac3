import type { CaseEvent, CaseReceived } from '@gov/domain';
import { shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelDb } from '../read-model-db';

/** One row per case with what the figures need, and one row per bank payment. */
export const CASE_TABLES = `
CREATE TABLE IF NOT EXISTS cases (
  case_no TEXT PRIMARY KEY,
  item_code TEXT NOT NULL, item_version INTEGER NOT NULL, item_name TEXT NOT NULL,
  department_id TEXT NOT NULL, window_id TEXT, sub_center_id TEXT, channel TEXT NOT NULL,
  category TEXT NOT NULL, special_procedure INTEGER NOT NULL,
  applicant_name TEXT NOT NULL,
  received_at TEXT NOT NULL, received_date TEXT NOT NULL,
  status TEXT NOT NULL, suspension_reason TEXT,
  due_date TEXT NOT NULL, due_at TEXT NOT NULL,
  special_at TEXT, fee_total_fen INTEGER, fee_paid_at TEXT,
  completed_at TEXT, outcome TEXT, early INTEGER, late INTEGER, working_days_taken INTEGER, working_days_late INTEGER,
  withdrawn_at TEXT, not_accepted_at TEXT,
  rating TEXT, rated_at TEXT,
  updated_at TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_received ON cases (received_date);
CREATE INDEX IF NOT EXISTS cases_department ON cases (department_id, received_date);
CREATE INDEX IF NOT EXISTS cases_window ON cases (window_id, received_date);
CREATE INDEX IF NOT EXISTS cases_open_due ON cases (status, due_at);
CREATE TABLE IF NOT EXISTS fee_payments (
  case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT,
  amount_fen INTEGER NOT NULL, bank_receipt_no TEXT NOT NULL, paid_at TEXT NOT NULL, paid_date TEXT NOT NULL,
  PRIMARY KEY (case_no, bank_receipt_no)
);
CREATE INDEX IF NOT EXISTS fee_payments_date ON fee_payments (paid_date);
`;

type Statements = ReturnType<typeof prepare>;

function prepare(db: ReadModelDb) {
  const update = (assignments: string) =>
    db.prepare(`UPDATE cases SET ${assignments}, updated_at = @at, position = @position WHERE case_no = @caseNo`);
  return {
    insert: db.prepare(`INSERT OR IGNORE INTO cases (case_no, item_code, item_version, item_name, department_id, window_id,
      sub_center_id, channel, category, special_procedure, applicant_name, received_at, received_date, status, due_date, due_at,
      updated_at, position) VALUES (@caseNo, @itemCode, @itemVersion, @itemName, @departmentId, @windowId, @subCenterId,
      @channel, @category, @specialProcedure, @applicantName, @at, @receivedDate, 'open', @dueDate, @dueAt, @at, @position)`),
    status: update('status = @status, suspension_reason = @suspensionReason'),
    deadline: update(`status = 'open', suspension_reason = NULL, due_date = @dueDate, due_at = @dueAt`),
    escalated: update('special_at = @at, due_date = @dueDate, due_at = @dueAt'),
    feeAssessed: update('fee_total_fen = @totalFen'),
    feePaid: update('fee_paid_at = @at'),
    completed: update(`status = 'completed', completed_at = @at, outcome = @outcome, early = @early, late = @late,
      working_days_taken = @workingDaysTaken, working_days_late = @workingDaysLate`),
    withdrawn: update(`status = 'withdrawn', suspension_reason = NULL, withdrawn_at = @at`),
    notAccepted: update(`status = 'not-accepted', suspension_reason = NULL, not_accepted_at = @at`),
    rated: update('rating = @rating, rated_at = @at'),
    payment: db.prepare(`INSERT OR IGNORE INTO fee_payments (case_no, department_id, window_id, amount_fen, bank_receipt_no, paid_at, paid_date)
      SELECT case_no, department_id, window_id, @amountFen, @bankReceiptNo, @at, @paidDate FROM cases WHERE case_no = @caseNo`),
  };
}

export class CaseProjection implements Projection {
  readonly name = 'cases';
  private readonly statements = new WeakMap<ReadModelDb, Statements>();

  migrate(db: ReadModelDb): void {
    db.exec(CASE_TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS cases; DROP TABLE IF EXISTS fee_payments;');
    this.statements.delete(db);
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (!stored.streamId.startsWith('case-')) return;
    const s = this.prepared(db);
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const caseNo = stored.streamId.slice('case-'.length);
    const base = { caseNo, at: event.data.at, position: stored.position };
    switch (event.type) {
      case 'CaseReceived':
        s.insert.run(receivedRow(event, stored.position));
        return;
      case 'ClockSuspended':
        s.status.run({ ...base, status: 'suspended', suspensionReason: event.data.reason });
        return;
      case 'ClockResumed':
        s.deadline.run({ ...base, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        return;
      case 'CaseEscalated':
        s.escalated.run({ ...base, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        return;
      case 'FeeAssessed':
        s.feeAssessed.run({ ...base, totalFen: event.data.totalFen });
        return;
      case 'FeePaid':
        s.feePaid.run(base);
        s.payment.run({ caseNo, at: event.data.at, amountFen: event.data.amountFen, bankReceiptNo: event.data.bankReceiptNo,
          paidDate: shanghaiDateOf(event.data.at) });
        return;
      case 'CaseCompleted': {
        const d = event.data;
        s.completed.run({ ...base, outcome: d.outcome, early: Number(d.early), late: Number(d.late),
          workingDaysTaken: d.workingDaysTaken, workingDaysLate: d.workingDaysLate });
        return;
      }
      case 'CaseWithdrawn':
        s.withdrawn.run(base);
        return;
      case 'CaseNotAccepted':
        s.notAccepted.run(base);
        return;
      case 'CaseRated':
        s.rated.run({ ...base, rating: event.data.level });
        return;
      case 'MaterialsRequested':
      case 'MaterialsSupplied':
        return;
    }
  }

  private prepared(db: ReadModelDb): Statements {
    let statements = this.statements.get(db);
    if (!statements) this.statements.set(db, (statements = prepare(db)));
    return statements;
  }
}

function receivedRow(event: CaseReceived, position: number) {
  const d = event.data;
  return {
    caseNo: d.caseNo, itemCode: d.item.code, itemVersion: d.item.version, itemName: d.item.name,
    departmentId: d.item.departmentId, windowId: d.windowId, subCenterId: d.subCenterId, channel: d.channel,
    category: d.item.category, specialProcedure: Number(d.item.specialProcedures.length > 0),
    applicantName: d.applicant.name, at: d.at, receivedDate: d.acceptedDate, dueDate: d.dueDate, dueAt: d.dueAt, position,
  };
}
