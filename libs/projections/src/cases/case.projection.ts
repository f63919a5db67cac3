import type { CaseEvent, CaseReceived } from '@gov/domain';
import { recordedApplicant, shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelDb } from '../read-model-db';
import { ALL_DAYS_DIRTY, rebuildDayFigures, SETTLED_AT } from '../stats/case-day-figures';

/**
 * The indexes of the case rows and payments: set aside during a replay and built once at its
 * end (a sort each), which is much cheaper than keeping them up row by row.
 */
const REPLAY_INDEXES = `
CREATE INDEX IF NOT EXISTS cases_received ON cases (received_date, department_id, window_id);
CREATE INDEX IF NOT EXISTS cases_received_settled ON cases (received_date, ${SETTLED_AT});
CREATE INDEX IF NOT EXISTS cases_open_received ON cases (received_date, due_at, department_id, window_id, ${SETTLED_AT})
  WHERE completed_at IS NULL AND withdrawn_at IS NULL AND not_accepted_at IS NULL;
CREATE INDEX IF NOT EXISTS cases_department ON cases (department_id, received_date);
CREATE INDEX IF NOT EXISTS cases_window ON cases (window_id, received_date);
CREATE INDEX IF NOT EXISTS cases_open_due ON cases (status, due_at);
-- The hall display: today's completions and the latest ones.
CREATE INDEX IF NOT EXISTS cases_completed ON cases (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS fee_payments_date ON fee_payments (paid_date);
`;
const REPLAY_INDEX_NAMES = [...REPLAY_INDEXES.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((match) => match[1]);

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
CREATE TABLE IF NOT EXISTS fee_payments (
  case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT,
  amount_fen INTEGER NOT NULL, bank_receipt_no TEXT NOT NULL, paid_at TEXT NOT NULL, paid_date TEXT NOT NULL,
  PRIMARY KEY (case_no, bank_receipt_no)
);
CREATE TABLE IF NOT EXISTS case_day_figures (
  received_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL,
  received INTEGER NOT NULL, not_accepted INTEGER NOT NULL, completed INTEGER NOT NULL, immediate INTEGER NOT NULL,
  promised INTEGER NOT NULL, promised_completed INTEGER NOT NULL, completed_early INTEGER NOT NULL, withdrawn INTEGER NOT NULL,
  special INTEGER NOT NULL, overdue INTEGER NOT NULL, five_day_base INTEGER NOT NULL, within_five INTEGER NOT NULL,
  five_day_days INTEGER NOT NULL, rated INTEGER NOT NULL, satisfied INTEGER NOT NULL,
  PRIMARY KEY (received_date, department_id, window_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_day_figures_department ON case_day_figures (department_id, received_date);
CREATE INDEX IF NOT EXISTS case_day_figures_window ON case_day_figures (window_key, received_date);
CREATE TABLE IF NOT EXISTS case_day_figures_dirty (
  received_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL,
  PRIMARY KEY (received_date, department_id, window_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fee_day_totals (
  paid_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL, fen INTEGER NOT NULL,
  PRIMARY KEY (paid_date, department_id, window_key)
) WITHOUT ROWID;
${REPLAY_INDEXES}
CREATE INDEX IF NOT EXISTS fee_day_totals_department ON fee_day_totals (department_id, paid_date);
CREATE INDEX IF NOT EXISTS fee_day_totals_window ON fee_day_totals (window_key, paid_date);
`;

const DROP_TABLES = ['cases', 'fee_payments', 'case_day_figures', 'case_day_figures_dirty', 'fee_day_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`).join(' ');

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
    dirty: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO case_day_figures_dirty (received_date, department_id, window_key) VALUES (?, ?, ?)'),
    // A change the day figures depend on marks the case's (day, department, window) to be summed again.
    // (A separate statement: UPDATE … RETURNING costs more than this look-up of a row just written.)
    dirtyCase: db.prepare<[string]>(`INSERT OR IGNORE INTO case_day_figures_dirty (received_date, department_id, window_key)
      SELECT received_date, department_id, COALESCE(window_id, '') FROM cases WHERE case_no = ?`),
    payment: db.prepare(`INSERT OR IGNORE INTO fee_payments (case_no, department_id, window_id, amount_fen, bank_receipt_no, paid_at, paid_date)
      SELECT case_no, department_id, window_id, @amountFen, @bankReceiptNo, @at, @paidDate FROM cases WHERE case_no = @caseNo`),
    feeTotal: db.prepare(`INSERT INTO fee_day_totals (paid_date, department_id, window_key, fen)
      SELECT @paidDate, department_id, COALESCE(window_id, ''), @amountFen FROM cases WHERE case_no = @caseNo
      ON CONFLICT (paid_date, department_id, window_key) DO UPDATE SET fen = fen + excluded.fen`),
  };
}

/**
 * The case rows, the bank payments, and what the figures read instead of scanning them: the
 * fees collected per day, department and window (kept as payments arrive), and per day of
 * receipt, department and window the counts of the cases as they stand now
 * (`case_day_figures`, summed again from the rows for each day, department and
 * window marked in `case_day_figures_dirty`; see CaseFiguresQuery).
 */
export class CaseProjection implements Projection {
  readonly name = 'cases';
  /** 2: the day figures, the fee totals and the settled-moment index. */
  /** 3: `applicant_name` holds the masked name (张*丰), the name itself being sealed (README "Personal data"). */
  readonly version = 3;
  private readonly statements = new WeakMap<ReadModelDb, Statements>();
  /** Files being replayed into: their day sums are all built at the end, not marked day by day. */
  private readonly replaying = new WeakSet<ReadModelDb>();

  migrate(db: ReadModelDb): void {
    db.exec(CASE_TABLES);
  }

  beforeReplay(db: ReadModelDb): void {
    for (const name of REPLAY_INDEX_NAMES) db.exec(`DROP INDEX IF EXISTS ${name}`);
    // Should the process die before afterReplay: migrate builds the indexes again, the next read every day sum.
    db.prepare('INSERT OR IGNORE INTO case_day_figures_dirty (received_date, department_id, window_key) VALUES (?, ?, ?)')
      .run(ALL_DAYS_DIRTY, '', '');
    this.replaying.add(db);
  }

  afterReplay(db: ReadModelDb): void {
    this.replaying.delete(db);
    db.exec(REPLAY_INDEXES);
    rebuildDayFigures(db);
  }

  drop(db: ReadModelDb): void {
    db.exec(DROP_TABLES);
    this.statements.delete(db);
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (!stored.streamId.startsWith('case-')) return;
    const s = this.prepared(db);
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const caseNo = stored.streamId.slice('case-'.length);
    const at = event.data.at;
    const position = stored.position;
    const replaying = this.replaying.has(db);
    const touched = () => {
      if (!replaying) s.dirtyCase.run(caseNo);
    };
    switch (event.type) {
      case 'CaseReceived':
        s.insert.run(receivedRow(event, position));
        if (!replaying) s.dirty.run(event.data.acceptedDate, event.data.item.departmentId, event.data.windowId ?? '');
        return;
      case 'ClockSuspended':
        s.status.run({ caseNo, at, position, status: 'suspended', suspensionReason: event.data.reason });
        return;
      case 'ClockResumed':
        s.deadline.run({ caseNo, at, position, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        return;
      case 'CaseEscalated':
        s.escalated.run({ caseNo, at, position, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        touched();
        return;
      case 'FeeAssessed':
        s.feeAssessed.run({ caseNo, at, position, totalFen: event.data.totalFen });
        return;
      case 'FeePaid': {
        s.feePaid.run({ caseNo, at, position });
        const paidDate = shanghaiDateOf(at);
        const amountFen = event.data.amountFen;
        // Counted in the day's total only when the payment is new (an event applied twice adds nothing).
        if (s.payment.run({ caseNo, at, amountFen, bankReceiptNo: event.data.bankReceiptNo, paidDate }).changes > 0) {
          s.feeTotal.run({ caseNo, amountFen, paidDate });
        }
        return;
      }
      case 'CaseCompleted': {
        const d = event.data;
        s.completed.run({ caseNo, at, position, outcome: d.outcome, early: Number(d.early), late: Number(d.late),
          workingDaysTaken: d.workingDaysTaken, workingDaysLate: d.workingDaysLate });
        touched();
        return;
      }
      case 'CaseWithdrawn':
        s.withdrawn.run({ caseNo, at, position });
        touched();
        return;
      case 'CaseNotAccepted':
        s.notAccepted.run({ caseNo, at, position });
        touched();
        return;
      case 'CaseRated':
        s.rated.run({ caseNo, at, position, rating: event.data.level });
        touched();
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
    applicantName: recordedApplicant(d.applicant).maskedName, at: d.at, receivedDate: d.acceptedDate, dueDate: d.dueDate, dueAt: d.dueAt, position,
  };
}
