import type { CaseEvent, CaseReceived } from '@gov/domain';
import { recordedApplicant, shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Updateable } from 'kysely';
import type { Projection, ProjectionContext } from '../projection';
import { raw, type DialectSql } from '../store/dialect-sql';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import { ALL_DAYS_DIRTY, rebuildDayFigures, settledAt } from '../stats/case-day-figures';
import type { CaseTables } from './case.tables';

/**
 * The indexes of the case rows and payments: set aside during a replay and built once at its
 * end (a sort each), which is much cheaper than keeping them up row by row.
 */
const replayIndexes = (sql: DialectSql) => `
CREATE INDEX IF NOT EXISTS cases_received ON cases (received_date, department_id, window_id);
CREATE INDEX IF NOT EXISTS cases_received_settled ON cases (received_date, (${settledAt(sql)}));
CREATE INDEX IF NOT EXISTS cases_open_received ON cases (received_date, due_at, department_id, window_id, (${settledAt(sql)}))
  WHERE completed_at IS NULL AND withdrawn_at IS NULL AND not_accepted_at IS NULL;
CREATE INDEX IF NOT EXISTS cases_department ON cases (department_id, received_date);
CREATE INDEX IF NOT EXISTS cases_window ON cases (window_id, received_date);
CREATE INDEX IF NOT EXISTS cases_open_due ON cases (status, due_at);
-- The hall display: today's completions and the latest ones.
CREATE INDEX IF NOT EXISTS cases_completed ON cases (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS fee_payments_date ON fee_payments (paid_date);
`;
const indexNames = (ddl: string) => [...ddl.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((match) => match[1]);

/** One row per case with what the figures need, and one row per bank payment. Money in fen: BIGINT. */
const caseTables = (sql: DialectSql) => `
CREATE TABLE IF NOT EXISTS cases (
  case_no TEXT PRIMARY KEY,
  item_code TEXT NOT NULL, item_version INTEGER NOT NULL, item_name TEXT NOT NULL,
  department_id TEXT NOT NULL, window_id TEXT, sub_center_id TEXT, channel TEXT NOT NULL,
  category TEXT NOT NULL, special_procedure INTEGER NOT NULL,
  applicant_name TEXT NOT NULL,
  received_at TEXT NOT NULL, received_date TEXT NOT NULL,
  status TEXT NOT NULL, suspension_reason TEXT,
  due_date TEXT NOT NULL, due_at TEXT NOT NULL,
  special_at TEXT, fee_total_fen BIGINT, fee_paid_at TEXT,
  completed_at TEXT, outcome TEXT, early INTEGER, late INTEGER, working_days_taken INTEGER, working_days_late INTEGER,
  withdrawn_at TEXT, not_accepted_at TEXT,
  rating TEXT, rated_at TEXT,
  updated_at TEXT NOT NULL, position BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS fee_payments (
  case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT,
  amount_fen BIGINT NOT NULL, bank_receipt_no TEXT NOT NULL, paid_at TEXT NOT NULL, paid_date TEXT NOT NULL,
  PRIMARY KEY (case_no, bank_receipt_no)
);
CREATE TABLE IF NOT EXISTS case_day_figures (
  received_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL,
  received INTEGER NOT NULL, not_accepted INTEGER NOT NULL, completed INTEGER NOT NULL, immediate INTEGER NOT NULL,
  promised INTEGER NOT NULL, promised_completed INTEGER NOT NULL, completed_early INTEGER NOT NULL, withdrawn INTEGER NOT NULL,
  special INTEGER NOT NULL, overdue INTEGER NOT NULL, five_day_base INTEGER NOT NULL, within_five INTEGER NOT NULL,
  five_day_days INTEGER NOT NULL, rated INTEGER NOT NULL, satisfied INTEGER NOT NULL,
  PRIMARY KEY (received_date, department_id, window_key)
) ${sql.withoutRowid};
CREATE INDEX IF NOT EXISTS case_day_figures_department ON case_day_figures (department_id, received_date);
CREATE INDEX IF NOT EXISTS case_day_figures_window ON case_day_figures (window_key, received_date);
CREATE TABLE IF NOT EXISTS case_day_figures_dirty (
  received_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL,
  PRIMARY KEY (received_date, department_id, window_key)
) ${sql.withoutRowid};
CREATE TABLE IF NOT EXISTS fee_day_totals (
  paid_date TEXT NOT NULL, department_id TEXT NOT NULL, window_key TEXT NOT NULL, fen BIGINT NOT NULL,
  PRIMARY KEY (paid_date, department_id, window_key)
) ${sql.withoutRowid};
${replayIndexes(sql)}
CREATE INDEX IF NOT EXISTS fee_day_totals_department ON fee_day_totals (department_id, paid_date);
CREATE INDEX IF NOT EXISTS fee_day_totals_window ON fee_day_totals (window_key, paid_date);
`;

const DROP_TABLES = ['cases', 'fee_payments', 'case_day_figures', 'case_day_figures_dirty', 'fee_day_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`).join('\n');

type CaseRow = CaseTables['cases'];
/** What every event's update of a case row records besides its own columns. */
type Touch = { caseNo: string; at: string; position: number };
type Param<P> = <K extends keyof P & string>(name: K) => P[K];

/** An UPDATE of one case row, also recording the event's moment and log position. */
function updateCase<P extends Record<string, unknown> = Record<never, never>>(set: (p: Param<P & Touch>) => Updateable<CaseRow>) {
  return new Statement<P & Touch>((db, p) =>
    db.updateTable('cases').set({ ...set(p), updated_at: p('at'), position: p('position') }).where('case_no', '=', p('caseNo')));
}

type Received = Omit<CaseRow, 'status' | 'suspension_reason' | 'special_at' | 'fee_total_fen' | 'fee_paid_at' | 'completed_at' | 'outcome'
  | 'early' | 'late' | 'working_days_taken' | 'working_days_late' | 'withdrawn_at' | 'not_accepted_at' | 'rating' | 'rated_at'>;
type DayKey = { received_date: string; department_id: string; window_key: string };
type Payment = { caseNo: string; amountFen: number; paidDate: string };

/*
 * Every per-event statement, built and compiled once per dialect (CaseProjection.apply runs
 * for every event of a replay).
 */
const insert = new Statement<Received>((db, p) => db.insertInto('cases').values({
  case_no: p('case_no'), item_code: p('item_code'), item_version: p('item_version'), item_name: p('item_name'),
  department_id: p('department_id'), window_id: p('window_id'), sub_center_id: p('sub_center_id'), channel: p('channel'),
  category: p('category'), special_procedure: p('special_procedure'), applicant_name: p('applicant_name'),
  received_at: p('received_at'), received_date: p('received_date'), status: 'open', due_date: p('due_date'), due_at: p('due_at'),
  updated_at: p('updated_at'), position: p('position'),
}).onConflict((c) => c.doNothing()));
const suspended = updateCase<{ reason: string }>((p) => ({ status: 'suspended', suspension_reason: p('reason') }));
const resumed = updateCase<{ dueDate: string; dueAt: string }>((p) =>
  ({ status: 'open', suspension_reason: null, due_date: p('dueDate'), due_at: p('dueAt') }));
const escalated = updateCase<{ dueDate: string; dueAt: string }>((p) => ({ special_at: p('at'), due_date: p('dueDate'), due_at: p('dueAt') }));
const feeAssessed = updateCase<{ totalFen: number }>((p) => ({ fee_total_fen: p('totalFen') }));
const feePaid = updateCase((p) => ({ fee_paid_at: p('at') }));
const completed = updateCase<{ outcome: string; early: number; late: number; workingDaysTaken: number; workingDaysLate: number }>((p) => ({
  status: 'completed', completed_at: p('at'), outcome: p('outcome'), early: p('early'), late: p('late'),
  working_days_taken: p('workingDaysTaken'), working_days_late: p('workingDaysLate'),
}));
const withdrawn = updateCase((p) => ({ status: 'withdrawn', suspension_reason: null, withdrawn_at: p('at') }));
const notAccepted = updateCase((p) => ({ status: 'not-accepted', suspension_reason: null, not_accepted_at: p('at') }));
const rated = updateCase<{ rating: string }>((p) => ({ rating: p('rating'), rated_at: p('at') }));
/**
 * A change the day figures depend on marks the case's (day, department, window) to be summed
 * again. An upsert, not an insert that ignores: it locks the mark (see refreshDayFigures).
 */
const markDay = new Statement<DayKey>((db, p) => db.insertInto('case_day_figures_dirty')
  .values({ received_date: p('received_date'), department_id: p('department_id'), window_key: p('window_key') })
  .onConflict((c) => c.columns(['received_date', 'department_id', 'window_key']).doUpdateSet({ received_date: (eb) => eb.ref('excluded.received_date') })));
// (A look-up of the row just written: UPDATE … RETURNING would cost more.)
const markCaseDay = new Statement<{ caseNo: string }>((db, p) => db.insertInto('case_day_figures_dirty')
  .columns(['received_date', 'department_id', 'window_key'])
  .expression(db.selectFrom('cases').select(['received_date', 'department_id', raw<string>(`COALESCE(window_id, '')`).as('window_key')])
    .where('case_no', '=', p('caseNo')))
  .onConflict((c) => c.columns(['received_date', 'department_id', 'window_key']).doUpdateSet({ received_date: (eb) => eb.ref('excluded.received_date') })));
const payment = new Statement<Payment & { at: string; bankReceiptNo: string }>((db, p) => db.insertInto('fee_payments')
  .columns(['case_no', 'department_id', 'window_id', 'amount_fen', 'bank_receipt_no', 'paid_at', 'paid_date'])
  .expression(db.selectFrom('cases').select((eb) => ['case_no', 'department_id', 'window_id', eb.val(p('amountFen')).as('amount_fen'),
    eb.val(p('bankReceiptNo')).as('bank_receipt_no'), eb.val(p('at')).as('paid_at'), eb.val(p('paidDate')).as('paid_date')])
    .where('case_no', '=', p('caseNo')))
  .onConflict((c) => c.doNothing()));
const feeTotal = new Statement<Payment>((db, p) => db.insertInto('fee_day_totals')
  .columns(['paid_date', 'department_id', 'window_key', 'fen'])
  .expression(db.selectFrom('cases').select((eb) => [eb.val(p('paidDate')).as('paid_date'), 'department_id',
    raw<string>(`COALESCE(window_id, '')`).as('window_key'), eb.val(p('amountFen')).as('fen')])
    .where('case_no', '=', p('caseNo')))
  .onConflict((c) => c.columns(['paid_date', 'department_id', 'window_key'])
    .doUpdateSet({ fen: (eb) => eb('fee_day_totals.fen', '+', eb.ref('excluded.fen')) })));

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

  migrate(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    return runScript(tx, caseTables(sql));
  }

  async beforeReplay(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    await runScript(tx, indexNames(replayIndexes(sql)).map((name) => `DROP INDEX IF EXISTS ${name};`).join('\n'));
    // Should the process die before afterReplay: migrate builds the indexes again, the next read every day sum.
    await markDay.run(tx, { received_date: ALL_DAYS_DIRTY, department_id: '', window_key: '' });
  }

  async afterReplay(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    await runScript(tx, replayIndexes(sql));
    await rebuildDayFigures(tx, sql);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP_TABLES);
  }

  async apply(tx: ReadModelDb, stored: StoredEvent, { replaying }: ProjectionContext): Promise<void> {
    if (!stored.streamId.startsWith('case-')) return;
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const caseNo = stored.streamId.slice('case-'.length);
    const touch: Touch = { caseNo, at: event.data.at, position: stored.position };
    // During a replay the day sums are all built at the end (afterReplay), not marked day by day.
    const changedFigures = async () => {
      if (!replaying) await markCaseDay.run(tx, { caseNo });
    };
    switch (event.type) {
      case 'CaseReceived':
        await insert.run(tx, receivedRow(event, stored.position));
        if (!replaying) await markDay.run(tx, { received_date: event.data.acceptedDate, department_id: event.data.item.departmentId, window_key: event.data.windowId ?? '' });
        return;
      case 'ClockSuspended':
        await suspended.run(tx, { ...touch, reason: event.data.reason });
        return;
      case 'ClockResumed':
        await resumed.run(tx, { ...touch, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        return;
      case 'CaseEscalated':
        await escalated.run(tx, { ...touch, dueDate: event.data.dueDate, dueAt: event.data.dueAt });
        await changedFigures();
        return;
      case 'FeeAssessed':
        await feeAssessed.run(tx, { ...touch, totalFen: event.data.totalFen });
        return;
      case 'FeePaid': {
        await feePaid.run(tx, touch);
        const paid: Payment = { caseNo, amountFen: event.data.amountFen, paidDate: shanghaiDateOf(touch.at) };
        // Counted in the day's total only when the payment is new (an event applied twice adds nothing).
        if ((await payment.changes(tx, { ...paid, at: touch.at, bankReceiptNo: event.data.bankReceiptNo })) > 0) await feeTotal.run(tx, paid);
        return;
      }
      case 'CaseCompleted': {
        const d = event.data;
        await completed.run(tx, { ...touch, outcome: d.outcome, early: Number(d.early), late: Number(d.late),
          workingDaysTaken: d.workingDaysTaken, workingDaysLate: d.workingDaysLate });
        await changedFigures();
        return;
      }
      case 'CaseWithdrawn':
        await withdrawn.run(tx, touch);
        await changedFigures();
        return;
      case 'CaseNotAccepted':
        await notAccepted.run(tx, touch);
        await changedFigures();
        return;
      case 'CaseRated':
        await rated.run(tx, { ...touch, rating: event.data.level });
        await changedFigures();
        return;
      default:
        return;
    }
  }
}

function receivedRow(event: CaseReceived, position: number): Received {
  const d = event.data;
  return {
    case_no: d.caseNo, item_code: d.item.code, item_version: d.item.version, item_name: d.item.name,
    department_id: d.item.departmentId, window_id: d.windowId ?? null, sub_center_id: d.subCenterId ?? null, channel: d.channel,
    category: d.item.category, special_procedure: Number(d.item.specialProcedures.length > 0),
    applicant_name: recordedApplicant(d.applicant).maskedName, received_at: d.at, received_date: d.acceptedDate,
    due_date: d.dueDate, due_at: d.dueAt, updated_at: d.at, position,
  };
}
