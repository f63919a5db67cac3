import type { ConsumerDb, ReadModel } from '@gov/messaging';
import { EfficiencyOfficeEffect, efficiencyOfficeEffects } from './efficiency-office.effects';

export interface CardCountRow {
  readonly scope: 'department' | 'window';
  readonly scopeId: string;
  readonly yellow: number;
  readonly red: number;
}

export interface OpenOverdueRow {
  readonly caseNo: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly itemCode: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly overdueAt: string;
}

/** The efficiency office's tables in its own SQLite file (DATA_DIR/efficiency-office.sqlite). */
export const efficiencyOfficeReadModel: ReadModel<EfficiencyOfficeEffect> = {
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS cases (
        case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT, item_code TEXT NOT NULL,
        received_at TEXT NOT NULL, due_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', closed_at TEXT
      );
      CREATE TABLE IF NOT EXISTS card_counts (
        scope TEXT NOT NULL, scope_id TEXT NOT NULL, yellow INTEGER NOT NULL DEFAULT 0, red INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, scope_id)
      );
      CREATE TABLE IF NOT EXISTS open_overdue_cases (
        case_no TEXT PRIMARY KEY, department_id TEXT NOT NULL, window_id TEXT, item_code TEXT NOT NULL,
        due_date TEXT NOT NULL, due_at TEXT NOT NULL, overdue_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ticket_waits (
        ticket_id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, department_id TEXT NOT NULL, day TEXT NOT NULL, wait_from TEXT NOT NULL,
        called_at TEXT, window_id TEXT, waited_seconds INTEGER, no_show INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS step_notes (
        case_no TEXT NOT NULL, step_id TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL, department_id TEXT NOT NULL, staff_id TEXT, due_at TEXT,
        PRIMARY KEY (case_no, step_id, note, at)
      );`);
  },
  effectsOf: efficiencyOfficeEffects,
  apply(db, effects) {
    for (const effect of effects) applyEffect(db, effect);
  },
};

function applyEffect(db: ConsumerDb, effect: EfficiencyOfficeEffect): void {
  switch (effect.kind) {
    case 'case-opened':
      db.prepare(`INSERT INTO cases (case_no, department_id, window_id, item_code, received_at, due_at)
                  VALUES (@caseNo, @departmentId, @windowId, @itemCode, @receivedAt, @dueAt) ON CONFLICT (case_no) DO NOTHING`)
        .run(pick(effect, 'caseNo', 'departmentId', 'windowId', 'itemCode', 'receivedAt', 'dueAt'));
      return;
    case 'case-closed':
      db.prepare(`UPDATE cases SET status = ?, closed_at = ? WHERE case_no = ?`).run(effect.status, effect.closedAt, effect.caseNo);
      return;
    case 'card-counted': {
      const column = effect.card === 'yellow' ? 'yellow' : 'red';
      db.prepare(`INSERT INTO card_counts (scope, scope_id, ${column}) VALUES (?, ?, 1)
                  ON CONFLICT (scope, scope_id) DO UPDATE SET ${column} = card_counts.${column} + 1`).run(effect.scope, effect.scopeId);
      return;
    }
    case 'overdue-opened':
      db.prepare(`INSERT INTO open_overdue_cases (case_no, department_id, window_id, item_code, due_date, due_at, overdue_at)
                  VALUES (@caseNo, @departmentId, @windowId, @itemCode, @dueDate, @dueAt, @overdueAt)
                  ON CONFLICT (case_no) DO UPDATE SET due_date = excluded.due_date, due_at = excluded.due_at, overdue_at = excluded.overdue_at`)
        .run(pick(effect, 'caseNo', 'departmentId', 'windowId', 'itemCode', 'dueDate', 'dueAt', 'overdueAt'));
      return;
    case 'overdue-closed':
      db.prepare('DELETE FROM open_overdue_cases WHERE case_no = ?').run(effect.caseNo);
      return;
    case 'ticket-drawn':
      db.prepare(`INSERT INTO ticket_waits (ticket_id, queue_id, department_id, day, wait_from) VALUES (@ticketId, @queueId, @departmentId, @day, @waitFrom)
                  ON CONFLICT (ticket_id) DO NOTHING`).run(pick(effect, 'ticketId', 'queueId', 'departmentId', 'day', 'waitFrom'));
      return;
    case 'ticket-called':
      // The first call ends the wait; a later one (another window after a transfer) leaves it.
      db.prepare(`INSERT INTO ticket_waits (ticket_id, queue_id, department_id, day, wait_from, called_at, window_id, waited_seconds)
                  VALUES (@ticketId, @queueId, @departmentId, @day, @waitFrom, @calledAt, @windowId, @waitedSeconds)
                  ON CONFLICT (ticket_id) DO UPDATE SET called_at = COALESCE(ticket_waits.called_at, excluded.called_at),
                    window_id = COALESCE(ticket_waits.window_id, excluded.window_id), waited_seconds = COALESCE(ticket_waits.waited_seconds, excluded.waited_seconds)`)
        .run(pick(effect, 'ticketId', 'queueId', 'departmentId', 'day', 'waitFrom', 'calledAt', 'windowId', 'waitedSeconds'));
      return;
    case 'ticket-no-show':
      db.prepare(`INSERT INTO ticket_waits (ticket_id, queue_id, department_id, day, wait_from, no_show) VALUES (@ticketId, @queueId, @departmentId, @day, @waitFrom, 1)
                  ON CONFLICT (ticket_id) DO UPDATE SET no_show = 1`).run(pick(effect, 'ticketId', 'queueId', 'departmentId', 'day', 'waitFrom'));
      return;
    case 'step-noted':
      db.prepare(`INSERT INTO step_notes (case_no, step_id, note, at, department_id, staff_id, due_at)
                  VALUES (@caseNo, @stepId, @note, @at, @departmentId, @staffId, @dueAt) ON CONFLICT DO NOTHING`)
        .run(pick(effect, 'caseNo', 'stepId', 'note', 'at', 'departmentId', 'staffId', 'dueAt'));
      return;
  }
}

/** better-sqlite3 refuses named parameters the statement does not use: pass exactly those. */
function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

export function cardCounts(db: ConsumerDb, scope: 'department' | 'window'): CardCountRow[] {
  return db.prepare<[string], CardCountRow>(
    'SELECT scope, scope_id AS scopeId, yellow, red FROM card_counts WHERE scope = ? ORDER BY scope_id',
  ).all(scope);
}

/** Open overdue cases, longest overdue first. */
export function openOverdueCases(db: ConsumerDb): OpenOverdueRow[] {
  return db.prepare<[], OpenOverdueRow>(
    `SELECT case_no AS caseNo, department_id AS departmentId, window_id AS windowId, item_code AS itemCode,
            due_date AS dueDate, due_at AS dueAt, overdue_at AS overdueAt
     FROM open_overdue_cases ORDER BY due_at, case_no`,
  ).all();
}

export function caseStatuses(db: ConsumerDb): Record<string, string> {
  const rows = db.prepare<[], { caseNo: string; status: string }>('SELECT case_no AS caseNo, status FROM cases').all();
  return Object.fromEntries(rows.map((row) => [row.caseNo, row.status]));
}

export interface StepNoteRow {
  readonly caseNo: string;
  readonly stepId: string;
  readonly note: 'yellow' | 'red' | 'returned';
  readonly at: string;
  readonly departmentId: string;
  readonly staffId: string | null;
  readonly dueAt: string | null;
}

/** The steps' warnings, overruns and returns (issue 24), in the order they happened. */
export function stepNotes(db: ConsumerDb): StepNoteRow[] {
  return db.prepare<[], StepNoteRow>(
    `SELECT case_no AS caseNo, step_id AS stepId, note, at, department_id AS departmentId, staff_id AS staffId, due_at AS dueAt
     FROM step_notes ORDER BY at, case_no, step_id`,
  ).all();
}

export interface DepartmentWaitsRow {
  readonly departmentId: string;
  readonly tickets: number;
  readonly called: number;
  readonly noShows: number;
  /** Of the called tickets, in minutes (one decimal); null when none was called. */
  readonly medianWaitMinutes: number | null;
  readonly p90WaitMinutes: number | null;
  /** Called after waiting longer than the threshold (等候超时). */
  readonly longWaits: number;
}

/** A day's waits per department: how many drew a ticket, were called, did not come; the waits' median and 90th percentile. */
export function departmentWaits(db: ConsumerDb, day: string, longWaitMinutes = 30): DepartmentWaitsRow[] {
  const rows = db.prepare<[string], { departmentId: string; waitedSeconds: number | null; noShow: number }>(
    'SELECT department_id AS departmentId, waited_seconds AS waitedSeconds, no_show AS noShow FROM ticket_waits WHERE day = ? ORDER BY department_id',
  ).all(day);
  const byDepartment = new Map<string, typeof rows>();
  for (const row of rows) byDepartment.set(row.departmentId, [...(byDepartment.get(row.departmentId) ?? []), row]);
  return [...byDepartment].map(([departmentId, tickets]) => {
    const waits = tickets.flatMap((t) => (t.waitedSeconds === null ? [] : [t.waitedSeconds])).sort((a, b) => a - b);
    return {
      departmentId, tickets: tickets.length, called: waits.length, noShows: tickets.filter((t) => t.noShow === 1).length,
      medianWaitMinutes: minutes(percentile(waits, 0.5)), p90WaitMinutes: minutes(percentile(waits, 0.9)),
      longWaits: waits.filter((seconds) => seconds > longWaitMinutes * 60).length,
    };
  });
}

/** The nearest-rank percentile of sorted values; null for none. */
function percentile(sorted: readonly number[], q: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

