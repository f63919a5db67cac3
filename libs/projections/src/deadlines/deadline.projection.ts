import type { CaseEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import { cachedStatement, ReadModelDb } from '../read-model-db';

/**
 * The deadline watcher's agenda: one row per open case with its next moment of interest
 * (`next_fire_at`: the yellow card, the red card or the §32 materials-notice deadline, the
 * earliest still to be recorded), indexed so the watcher reads only what is due and sleeps
 * until the next one — never a scan of every open case. Calendar publications are queued
 * for rescheduling in `calendar_changes`.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS deadlines (
  case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT,
  accepted_date TEXT NOT NULL, due_date TEXT NOT NULL, due_at TEXT NOT NULL, warn_at TEXT, notice_by TEXT NOT NULL,
  suspended INTEGER NOT NULL DEFAULT 0, materials_requested INTEGER NOT NULL DEFAULT 0, deemed INTEGER NOT NULL DEFAULT 0,
  warned_for TEXT, overdue_for TEXT, next_fire_at TEXT
);
CREATE INDEX IF NOT EXISTS deadlines_next_fire ON deadlines (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS deadlines_overdue ON deadlines (due_at) WHERE overdue_for = due_at;
CREATE INDEX IF NOT EXISTS deadlines_warned ON deadlines (due_at) WHERE warned_for = due_at AND overdue_for IS NOT due_at;
CREATE TABLE IF NOT EXISTS calendar_changes (position INTEGER PRIMARY KEY, year INTEGER NOT NULL, processed INTEGER NOT NULL DEFAULT 0);
`;

const NEVER = '9999';
/** The earliest pending moment, recomputed from the row's own columns after every change. */
const NEXT_FIRE = `next_fire_at = NULLIF(MIN(
  CASE WHEN suspended = 0 AND warn_at IS NOT NULL AND (warned_for IS NULL OR warned_for <> due_at) THEN warn_at ELSE '${NEVER}' END,
  CASE WHEN suspended = 0 AND (overdue_for IS NULL OR overdue_for <> due_at) THEN due_at ELSE '${NEVER}' END,
  CASE WHEN deemed = 0 AND materials_requested = 0 THEN notice_by ELSE '${NEVER}' END), '${NEVER}')`;

export class DeadlineProjection implements Projection {
  readonly name = 'deadlines';

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS deadlines; DROP TABLE IF EXISTS calendar_changes;');
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (stored.type === 'CalendarYearPublished' || stored.type === 'CalendarYearCorrected') {
      cachedStatement(db, 'INSERT OR IGNORE INTO calendar_changes (position, year) VALUES (?, ?)').run(stored.position, (stored.data as { year: number }).year);
      return;
    }
    if (!stored.streamId.startsWith('case-')) return;
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const caseNo = stored.streamId.slice('case-'.length);
    const set = (assignments: string, params: Record<string, unknown> = {}) =>
      cachedStatement(db, `UPDATE deadlines SET ${assignments} WHERE case_no = @caseNo`).run({ caseNo, ...params });
    switch (event.type) {
      case 'CaseReceived': {
        const d = event.data;
        cachedStatement(db, `INSERT OR IGNORE INTO deadlines (case_no, department_id, window_id, accepted_date, due_date, due_at, warn_at, notice_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(caseNo, d.item.departmentId, d.windowId, d.acceptedDate, d.dueDate, d.dueAt, d.warnAt, d.materialsNoticeBy);
        break;
      }
      case 'ClockSuspended':
        set('suspended = 1');
        break;
      case 'ClockResumed':
      case 'CaseEscalated':
      case 'DeadlineRescheduled':
        set(`${event.type === 'ClockResumed' ? 'suspended = 0, ' : ''}due_date = @dueDate, due_at = @dueAt, warn_at = @warnAt`,
          { dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt });
        break;
      case 'MaterialsRequested':
        set('materials_requested = 1');
        break;
      case 'CaseWarned':
        set('warned_for = @dueAt', { dueAt: event.data.dueAt });
        break;
      case 'CaseOverdue':
        set('overdue_for = @dueAt', { dueAt: event.data.dueAt });
        break;
      case 'AcceptanceDeemed':
        set('deemed = 1');
        break;
      case 'CaseCompleted':
      case 'CaseWithdrawn':
      case 'CaseNotAccepted':
        cachedStatement(db, 'DELETE FROM deadlines WHERE case_no = ?').run(caseNo);
        return;
      default:
        return;
    }
    set(NEXT_FIRE);
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

/** What the watcher and the efficiency office read from the agenda. */
export class DeadlineQueries {
  constructor(private readonly db: ReadModelDb) {}

  due(now: string, limit: number): DueDeadline[] {
    return cachedStatement<[string, number], { case_no: string; due_at: string }>(this.db, 
      'SELECT case_no, due_at FROM deadlines WHERE next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ?')
      .all(now, limit).map((row) => ({ caseNo: row.case_no, dueAt: row.due_at }));
  }

  nextFireAt(): string | null {
    return cachedStatement<[], { next: string | null }>(this.db, 'SELECT MIN(next_fire_at) AS next FROM deadlines WHERE next_fire_at IS NOT NULL').get()?.next ?? null;
  }

  pendingCalendarChanges(): { position: number; year: number }[] {
    return cachedStatement<[], { position: number; year: number }>(this.db, 'SELECT position, year FROM calendar_changes WHERE processed = 0 ORDER BY position').all();
  }

  /** Open cases whose counting window [acceptance, due date] touches the year. */
  openCasesTouchingYear(year: number, afterCaseNo: string, limit: number): string[] {
    return cachedStatement<[string, string, string, number], { case_no: string }>(this.db, 
      `SELECT case_no FROM deadlines WHERE accepted_date <= ? AND due_date >= ? AND case_no > ? ORDER BY case_no LIMIT ?`)
      .all(`${year}-12-31`, `${year}-01-01`, afterCaseNo, limit).map((row) => row.case_no);
  }

  markCalendarChangeProcessed(position: number): void {
    cachedStatement(this.db, 'UPDATE calendar_changes SET processed = 1 WHERE position = ?').run(position);
  }

  /** How many accepted cases are open on the clock, and how many of them are overdue (red card). */
  counts(): { open: number; overdue: number } {
    return cachedStatement<[], { open: number; overdue: number }>(this.db,
      'SELECT COUNT(*) AS open, COUNT(CASE WHEN overdue_for = due_at THEN 1 END) AS overdue FROM deadlines').get() ?? { open: 0, overdue: 0 };
  }

  /** Open cases on a yellow card (预警) and not yet on a red one, the soonest due first. */
  warned(limit: number): OverdueCase[] {
    return cachedStatement<[number], Record<string, string>>(this.db,
      `SELECT case_no, department_id, window_id, accepted_date, due_date, due_at FROM deadlines
       WHERE warned_for = due_at AND overdue_for IS NOT due_at ORDER BY due_at, case_no LIMIT ?`).all(limit)
      .map(deadlineRow);
  }

  /** Open cases past their due time with a red card, oldest due first. */
  overdue(limit: number): OverdueCase[] {
    return cachedStatement<[number], Record<string, string>>(this.db, 
      `SELECT case_no, department_id, window_id, accepted_date, due_date, due_at FROM deadlines
       WHERE overdue_for = due_at ORDER BY due_at, case_no LIMIT ?`).all(limit)
      .map(deadlineRow);
  }
}

function deadlineRow(r: Record<string, string>): OverdueCase {
  return { caseNo: r.case_no, departmentId: r.department_id, windowId: r.window_id ?? null, acceptedDate: r.accepted_date, dueDate: r.due_date, dueAt: r.due_at };
}
