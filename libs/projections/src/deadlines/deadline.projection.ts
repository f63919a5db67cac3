import type { StoredEvent } from '@gov/event-store';
import type { Projection, ProjectionContext } from '../projection';
import type { Insertable, Selectable } from 'kysely';
import { raw, type DialectSql } from '../store/dialect-sql';
import type { ReadModelDb } from '../store/read-model-store';
import { RowWriter } from '../store/row-writer';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import { type DeadlineBatch, foldDeadlineEvents } from './deadline.fold';
import type { DeadlineTables } from './deadline.tables';

const NEVER = '9999';
/** The earliest pending moment, from the row's own columns: the database computes it on every insert and update. */
const nextFire = (sql: DialectSql) => `NULLIF(${sql.least(
  `CASE WHEN suspended = 0 AND warn_at IS NOT NULL AND (warned_for IS NULL OR warned_for <> due_at) THEN warn_at ELSE '${NEVER}' END`,
  `CASE WHEN suspended = 0 AND (overdue_for IS NULL OR overdue_for <> due_at) THEN due_at ELSE '${NEVER}' END`,
  `CASE WHEN deemed = 0 AND materials_requested = 0 THEN notice_by ELSE '${NEVER}' END`)}, '${NEVER}')`;

/**
 * The deadline watcher's agenda: one row per open case with its next moment of interest
 * (`next_fire_at`: the yellow card, the red card or the §32 materials-notice deadline, the
 * earliest still to be recorded), indexed so the watcher reads only what is due and sleeps
 * until the next one — never a scan of every open case. Calendar publications are queued
 * for rescheduling in `calendar_changes`.
 */
const tables = (sql: DialectSql) => `
CREATE TABLE IF NOT EXISTS deadlines (
  case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT,
  accepted_date TEXT NOT NULL, due_date TEXT NOT NULL, due_at TEXT NOT NULL, warn_at TEXT, notice_by TEXT NOT NULL,
  suspended INTEGER NOT NULL DEFAULT 0, materials_requested INTEGER NOT NULL DEFAULT 0, deemed INTEGER NOT NULL DEFAULT 0,
  warned_for TEXT, overdue_for TEXT,
  next_fire_at TEXT GENERATED ALWAYS AS (${nextFire(sql)}) STORED
);
CREATE INDEX IF NOT EXISTS deadlines_next_fire ON deadlines (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS deadlines_overdue ON deadlines (due_at) WHERE overdue_for = due_at;
CREATE INDEX IF NOT EXISTS deadlines_warned ON deadlines (due_at) WHERE warned_for = due_at AND (overdue_for IS NULL OR overdue_for <> due_at);
CREATE TABLE IF NOT EXISTS calendar_changes (position BIGINT PRIMARY KEY, year INTEGER NOT NULL, processed INTEGER NOT NULL DEFAULT 0);
`;

type Row = Selectable<DeadlineTables['deadlines']>;
type Change = Partial<Pick<Row, 'suspended' | 'due_date' | 'due_at' | 'warn_at' | 'materials_requested' | 'warned_for' | 'overdue_for' | 'deemed'>>;

const calendarChanged = new Statement<{ position: number; year: number }>((db, p) =>
  db.insertInto('calendar_changes').values({ position: p('position'), year: p('year') }).onConflict((c) => c.doNothing()));

export class DeadlineProjection implements Projection {
  readonly name = 'deadlines';
  /** 2: `next_fire_at` is a column the database generates. */
  readonly version = 2;
  readonly fold = foldDeadlineEvents;

  migrate(tx: ReadModelDb, sql: DialectSql): Promise<void> {
    return runScript(tx, tables(sql));
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, 'DROP TABLE IF EXISTS deadlines;\nDROP TABLE IF EXISTS calendar_changes;');
  }

  /** Folds the batch (foldDeadlineEvents) and writes it. */
  apply(tx: ReadModelDb, events: readonly StoredEvent[], context: ProjectionContext): Promise<void> {
    return this.write(tx, foldDeadlineEvents(events), context);
  }

  /** The calendar publications, then the agenda's rows, each written once (RowWriter). */
  async write(tx: ReadModelDb, batch: DeadlineBatch, { sql }: ProjectionContext): Promise<void> {
    for (const change of batch.calendarChanges) await calendarChanged.run(tx, change);
    await new RowWriter('deadlines', 'case_no').write(tx, sql.dialect, batch.rows);
  }
}

export interface DueDeadline {
  readonly caseNo: string;
  readonly dueAt: string;
}

export interface OverdueCase {
  readonly caseNo: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly acceptedDate: string;
  readonly dueDate: string;
  readonly dueAt: string;
}

const OPEN_COLUMNS = ['case_no', 'department_id', 'window_id', 'accepted_date', 'due_date', 'due_at'] as const;

/** What the watcher and the efficiency office read from the agenda. */
export class DeadlineQueries {
  constructor(private readonly db: ReadModelDb) {}

  async due(now: string, limit: number): Promise<DueDeadline[]> {
    const rows = await this.db.selectFrom('deadlines').select(['case_no', 'due_at'])
      .where('next_fire_at', 'is not', null).where('next_fire_at', '<=', now).orderBy('next_fire_at').limit(limit).execute();
    return rows.map((row) => ({ caseNo: row.case_no, dueAt: row.due_at }));
  }

  async nextFireAt(): Promise<string | null> {
    const row = await this.db.selectFrom('deadlines').select((eb) => eb.fn.min('next_fire_at').as('next'))
      .where('next_fire_at', 'is not', null).executeTakeFirst();
    return row?.next ?? null;
  }

  async pendingCalendarChanges(): Promise<{ position: number; year: number }[]> {
    const rows = await this.db.selectFrom('calendar_changes').select(['position', 'year']).where('processed', '=', 0).orderBy('position').execute();
    return rows.map((row) => ({ position: Number(row.position), year: Number(row.year) }));
  }

  /** Open cases whose counting window [acceptance, due date] touches the year. */
  async openCasesTouchingYear(year: number, afterCaseNo: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('deadlines').select('case_no')
      .where('accepted_date', '<=', `${year}-12-31`).where('due_date', '>=', `${year}-01-01`).where('case_no', '>', afterCaseNo)
      .orderBy('case_no').limit(limit).execute();
    return rows.map((row) => row.case_no);
  }

  async markCalendarChangeProcessed(position: number): Promise<void> {
    await this.db.updateTable('calendar_changes').set({ processed: 1 }).where('position', '=', position).execute();
  }

  /** How many accepted cases are open on the clock, and how many of them are overdue (red card). */
  async counts(): Promise<{ open: number; overdue: number }> {
    const row = await this.db.selectFrom('deadlines')
      .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.count<number>(raw('CASE WHEN overdue_for = due_at THEN 1 END')).as('overdue')])
      .executeTakeFirst();
    return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0) };
  }

  /** Open cases on a yellow card (预警) and not yet on a red one, the soonest due first. */
  async warned(limit: number, departmentId?: string): Promise<OverdueCase[]> {
    const rows = await this.db.selectFrom('deadlines').select(OPEN_COLUMNS)
      .where(raw<boolean>('warned_for = due_at AND (overdue_for IS NULL OR overdue_for <> due_at)'))
      .$if(departmentId !== undefined, (q) => q.where('department_id', '=', departmentId as string))
      .orderBy('due_at').orderBy('case_no').limit(limit).execute();
    return rows.map(deadlineRow);
  }

  /** Open cases past their due time with a red card, oldest due first. */
  async overdue(limit: number, departmentId?: string): Promise<OverdueCase[]> {
    const rows = await this.db.selectFrom('deadlines').select(OPEN_COLUMNS)
      .where(raw<boolean>('overdue_for = due_at'))
      .$if(departmentId !== undefined, (q) => q.where('department_id', '=', departmentId as string)).orderBy('due_at').orderBy('case_no').limit(limit).execute();
    return rows.map(deadlineRow);
  }
}

function deadlineRow(r: Pick<Row, (typeof OPEN_COLUMNS)[number]>): OverdueCase {
  return { caseNo: r.case_no, departmentId: r.department_id, windowId: r.window_id ?? null, acceptedDate: r.accepted_date, dueDate: r.due_date, dueAt: r.due_at };
}
