import type { StoredEvent } from '@gov/event-store';
import { sql as sqlText } from 'kysely';
import type { Projection, ProjectionContext, ReplayPlan } from '../projection';
import type { DialectSql, ReadModelDialect } from '../store/dialect-sql';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { RowWriter } from '../store/row-writer';
import { Statement } from '../store/statement';
import { ALL_DAYS_DIRTY, type DayKey, moveDayFigures, placeKey, rebuildDayFigures, refreshDayFigures, settledAt } from '../stats/case-day-figures';
import { type CaseBatch, type ClockChange, foldCaseEvents, type PaymentMade } from './case.fold';
import type { CaseTables } from './case.tables';

/**
 * The indexes of the case rows and payments: set aside during a replay and built once at its
 * end (a sort each), which is much cheaper than keeping them up through each row's updates.
 * Not in a carried replay, where a row is inserted once: there the writing thread, which
 * waits on the reading thread anyway, keeps them up, and the end of the replay does not wait
 * for their sorts (docs/decisions/0026).
 */
const replayIndexes = (sql: DialectSql) => `
-- The day sums' keys in order (day, department, place: window or sub-center), which their rebuild groups by.
CREATE INDEX IF NOT EXISTS cases_received ON cases (received_date, department_id, window_id, sub_center_id);
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
  applicant_name TEXT NOT NULL, applicant_person_id TEXT,
  received_at TEXT NOT NULL, received_date TEXT NOT NULL,
  status TEXT NOT NULL, suspension_reason TEXT,
  due_date TEXT NOT NULL, due_at TEXT NOT NULL,
  special_at TEXT, fee_total_fen BIGINT, fee_paid_at TEXT,
  completed_at TEXT, outcome TEXT, early INTEGER, late INTEGER, working_days_taken INTEGER, working_days_late INTEGER,
  withdrawn_at TEXT, not_accepted_at TEXT,
  rating TEXT, rated_at TEXT,
  updated_at TEXT NOT NULL, position BIGINT NOT NULL,
  clock_at TEXT, suspended_since TEXT, five_at TEXT
);
CREATE TABLE IF NOT EXISTS case_clock (
  case_no TEXT NOT NULL, position BIGINT NOT NULL, at TEXT NOT NULL,
  due_at TEXT, five_at TEXT, suspended INTEGER,
  PRIMARY KEY (case_no, position)
);
CREATE TABLE IF NOT EXISTS erased_persons (person_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS fee_payments (
  case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT, sub_center_id TEXT,
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

const DROP_TABLES = ['cases', 'case_clock', 'erased_persons', 'fee_payments', 'case_day_figures', 'case_day_figures_dirty', 'fee_day_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`).join('\n');

type CaseRow = CaseTables['cases'];

/*
 * The statements besides the case rows' own (RowWriter), built and compiled once per dialect.
 */

/**
 * A mark that a day's sums (or, with ALL_DAYS_DIRTY, every day's) are to be summed again from
 * the case rows (refreshDayFigures). An upsert, not an insert that ignores: it locks the mark.
 */
const markDay = new Statement<DayKey>((db, p) => db.insertInto('case_day_figures_dirty')
  .values({ received_date: p('received_date'), department_id: p('department_id'), window_key: p('window_key') })
  .onConflict((c) => c.columns(['received_date', 'department_id', 'window_key']).doUpdateSet({ received_date: (eb) => eb.ref('excluded.received_date') })));
/** Records a bank payment of a case whose row the fold held (its department and window known): one row changed, or none when it was recorded already. */
const paymentPlaced = new Statement<CaseTables['fee_payments']>((db, p) => db.insertInto('fee_payments')
  .values({ case_no: p('case_no'), department_id: p('department_id'), window_id: p('window_id'), sub_center_id: p('sub_center_id'), amount_fen: p('amount_fen'),
    bank_receipt_no: p('bank_receipt_no'), paid_at: p('paid_at'), paid_date: p('paid_date') })
  .onConflict((c) => c.doNothing()));
/** Records a bank payment; returns its case's department and place, or nothing when it was recorded already. */
const payment = new Statement<PaymentMade>((db, p) => db.insertInto('fee_payments')
  .columns(['case_no', 'department_id', 'window_id', 'sub_center_id', 'amount_fen', 'bank_receipt_no', 'paid_at', 'paid_date'])
  .expression(db.selectFrom('cases').select((eb) => ['case_no', 'department_id', 'window_id', 'sub_center_id', eb.val(p('amountFen')).as('amount_fen'),
    eb.val(p('bankReceiptNo')).as('bank_receipt_no'), eb.val(p('at')).as('paid_at'), eb.val(p('paidDate')).as('paid_date')])
    .where('case_no', '=', p('caseNo')))
  .onConflict((c) => c.doNothing())
  .returning(['department_id', 'window_id', 'sub_center_id']));
type FeeDayTotal = CaseTables['fee_day_totals'];
const addToFeeTotal = new Statement<FeeDayTotal>((db, p) => db.insertInto('fee_day_totals')
  .values({ paid_date: p('paid_date'), department_id: p('department_id'), window_key: p('window_key'), fen: p('fen') })
  .onConflict((c) => c.columns(['paid_date', 'department_id', 'window_key'])
    .doUpdateSet({ fen: (eb) => eb('fee_day_totals.fen', '+', eb.ref('excluded.fen')) })));

/**
 * The case rows, the bank payments, and what the figures read instead of scanning them: the
 * fees collected per day, department and window (kept as payments arrive), and per day of
 * receipt, department and window the counts of the cases as they stand now
 * (`case_day_figures`, kept as the cases change; see stats/case-day-figures.ts).
 */
export class CaseProjection implements Projection {
  readonly name = 'cases';
  /** 2: the day figures, the fee totals and the settled-moment index. */
  /** 3: `applicant_name` holds the masked name (张*丰), the name itself being sealed (README "Personal data"). */
  /** 4: the applicant's person, and the masked name emptied when the person is erased (erased_persons). */
  /** 5: a calendar correction (DeadlineRescheduled) moves the row's due date. */
  /** 6: the clock's changes (case_clock, clock_at, suspended_since, five_at): the figures as of the end of a period. */
  /** 7: the day sums and fee totals keyed by place, a sub-center's own cases under their sub-center (placeKey); fee_payments.sub_center_id. */
  readonly version = 7;
  readonly fold = foldCaseEvents;

  migrate(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    return runScript(tx, caseTables(sql));
  }

  async beforeReplay(tx: ReadModelDb, sql: DialectSql, { carried }: ReplayPlan): Promise<void> {
    if (!carried) await runScript(tx, indexNames(replayIndexes(sql)).map((name) => `DROP INDEX IF EXISTS ${name};`).join('\n'));
    // Should the process die before afterReplay: migrate builds the indexes again, the projector's next start every day sum (settle).
    await markDay.run(tx, { received_date: ALL_DAYS_DIRTY, department_id: '', window_key: '' });
  }

  async afterReplay(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    await runScript(tx, replayIndexes(sql));
    await rebuildDayFigures(tx, sql);
    // A replay may write a case's row after the erasure of its applicant (a fold holds rows from page to page): emptied at the end.
    await tx.updateTable('cases').set({ applicant_name: '' })
      .where('applicant_person_id', 'in', tx.selectFrom('erased_persons').select('person_id')).execute();
  }

  /** The day sums a replay that never reached afterReplay left marked, summed again. */
  settle(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    return refreshDayFigures(tx, sql);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP_TABLES);
  }

  /** Folds the batch (foldCaseEvents) and writes it. */
  apply(tx: ReadModelDb, events: readonly StoredEvent[], context: ProjectionContext): Promise<void> {
    return this.write(tx, foldCaseEvents(events), context);
  }

  /**
   * Writes a folded batch: each case row once (RowWriter), then the bank payments. Outside a
   * replay, the day sums follow the cases whose figures the batch changed: taken out before
   * their rows are written, added back after (moveDayFigures).
   */
  async write(tx: ReadModelDb, batch: CaseBatch, { sql, replaying }: ProjectionContext): Promise<void> {
    // During a replay the day sums are all built at the end (afterReplay).
    const counted = replaying ? [] : batch.counted;
    await moveDayFigures(tx, sql, counted, -1);
    await new RowWriter('cases', 'case_no').write(tx, sql.dialect, batch.rows);
    await moveDayFigures(tx, sql, counted, 1);
    // Counted in the day's total only when the payment is new (an event applied twice adds nothing).
    const feeTotals = new Map<string, FeeDayTotal>();
    for (const recorded of await recordPayments(tx, sql.dialect, batch.payments)) {
      const windowKey = placeKey(recorded.window_id, recorded.sub_center_id);
      const key = `${recorded.paid_date}|${recorded.department_id}|${windowKey}`;
      const total = feeTotals.get(key);
      if (total) total.fen += recorded.amount_fen;
      else feeTotals.set(key, { paid_date: recorded.paid_date, department_id: recorded.department_id, window_key: windowKey, fen: recorded.amount_fen });
    }
    for (const total of feeTotals.values()) await addToFeeTotal.run(tx, total);
    await recordClockChanges(tx, batch.clock);
    for (const personId of batch.erased) {
      await tx.insertInto('erased_persons').values({ person_id: personId }).onConflict((c) => c.doNothing()).execute();
      await tx.updateTable('cases').set({ applicant_name: '' }).where('applicant_person_id', '=', personId).execute();
    }
  }
}

const CLOCK_ROWS_PER_STATEMENT = 500;

/** The clock's changes, as recorded (an event applied twice adds nothing). */
async function recordClockChanges(tx: ReadModelDb, changes: readonly ClockChange[]): Promise<void> {
  for (let start = 0; start < changes.length; start += CLOCK_ROWS_PER_STATEMENT) {
    await tx.insertInto('case_clock').values(changes.slice(start, start + CLOCK_ROWS_PER_STATEMENT)).onConflict((c) => c.doNothing()).execute();
  }
}

type RecordedPayment = Pick<CaseTables['fee_payments'], 'department_id' | 'window_id' | 'sub_center_id' | 'amount_fen' | 'paid_date'>;
type PaymentPlace = Pick<CaseRow, 'department_id' | 'window_id' | 'sub_center_id'>;

/**
 * Records the batch's bank payments with their case's department and window; returns those
 * that were new. PostgreSQL gets them all in one statement (a round trip each would be most of
 * a replay there), which looks every case up: a PostgreSQL store is never a scratch one, so no
 * case row is still held by a fold (RowCarry) when its payment is written. SQLite, in process,
 * one prepared statement each.
 */
async function recordPayments(tx: ReadModelDb, dialect: ReadModelDialect, payments: readonly PaymentMade[]):
  Promise<RecordedPayment[]> {
  if (payments.length === 0) return [];
  if (dialect === 'postgres') {
    const rows = payments.map((p) => ({ case_no: p.caseNo, amount_fen: p.amountFen, bank_receipt_no: p.bankReceiptNo, paid_at: p.at, paid_date: p.paidDate }));
    const { rows: recorded } = await sqlText<RecordedPayment>`
      INSERT INTO fee_payments (case_no, department_id, window_id, sub_center_id, amount_fen, bank_receipt_no, paid_at, paid_date)
      SELECT v.case_no, c.department_id, c.window_id, c.sub_center_id, v.amount_fen, v.bank_receipt_no, v.paid_at, v.paid_date
      FROM json_populate_recordset(NULL::fee_payments, ${JSON.stringify(rows)}::json) AS v JOIN cases AS c ON c.case_no = v.case_no
      ON CONFLICT DO NOTHING RETURNING department_id, window_id, sub_center_id, amount_fen, paid_date`.execute(tx);
    return recorded.map((row) => ({ ...row, amount_fen: Number(row.amount_fen) }));
  }
  const recorded: RecordedPayment[] = [];
  for (const paid of payments) {
    const row = paid.place ? await recordPlaced(tx, paid, paid.place) : (await payment.rows<PaymentPlace>(tx, paid))[0];
    if (row) recorded.push({ ...row, amount_fen: paid.amountFen, paid_date: paid.paidDate });
  }
  return recorded;
}

/** A payment whose case's place the fold knew (PaymentMade.place): a plain insert, which skips the look-up of the case row. */
async function recordPlaced(tx: ReadModelDb, paid: PaymentMade, place: NonNullable<PaymentMade['place']>):
  Promise<PaymentPlace | undefined> {
  const row = { department_id: place.departmentId, window_id: place.windowId, sub_center_id: place.subCenterId };
  const inserted = await paymentPlaced.changes(tx, { case_no: paid.caseNo, ...row, amount_fen: paid.amountFen, bank_receipt_no: paid.bankReceiptNo,
    paid_at: paid.at, paid_date: paid.paidDate });
  return inserted > 0 ? row : undefined;
}
