import type { StepEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { eachEvent, type Projection } from '../projection';
import { taskEvents } from '../replay/kept-events';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { TaskTables } from './task.tables';

const TABLES = `
CREATE TABLE IF NOT EXISTS tasks (
  case_no TEXT PRIMARY KEY, step_id TEXT NOT NULL, step_name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, department_id TEXT NOT NULL,
  holder TEXT, pool_role TEXT, remote_allowed INTEGER NOT NULL, started_at TEXT NOT NULL, due_date TEXT NOT NULL, due_at TEXT NOT NULL,
  warn_at TEXT, warned_for TEXT, overran_for TEXT, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_due ON tasks (due_at);
CREATE INDEX IF NOT EXISTS tasks_holder ON tasks (holder, due_at);
CREATE INDEX IF NOT EXISTS tasks_pool ON tasks (department_id, pool_role, due_at);
CREATE TABLE IF NOT EXISTS step_runs (
  run_id TEXT PRIMARY KEY, case_no TEXT NOT NULL, step_id TEXT NOT NULL, step_name TEXT NOT NULL, kind TEXT NOT NULL, department_id TEXT NOT NULL,
  started_at TEXT NOT NULL, started_date TEXT NOT NULL, due_at TEXT NOT NULL, limit_days INTEGER NOT NULL, ended_at TEXT, ended_how TEXT,
  held_by TEXT, opinion TEXT, working_days_taken INTEGER, late INTEGER, working_days_late INTEGER, overran INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS step_runs_case ON step_runs (case_no, ended_at);
CREATE INDEX IF NOT EXISTS step_runs_department ON step_runs (department_id, started_date);
`;

const DROP = `
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS step_runs;
`;

type Task = TaskTables['tasks'];
type Run = TaskTables['step_runs'];

const taskStarted = new Statement<Omit<Task, 'holder' | 'pool_role' | 'warned_for' | 'overran_for'>>((db, p) =>
  db.insertInto('tasks').values({
    case_no: p('case_no'), step_id: p('step_id'), step_name: p('step_name'), kind: p('kind'), role: p('role'), department_id: p('department_id'),
    holder: null, pool_role: null, remote_allowed: p('remote_allowed'), started_at: p('started_at'), due_date: p('due_date'), due_at: p('due_at'),
    warn_at: p('warn_at'), warned_for: null, overran_for: null, updated_at: p('updated_at'),
  }).onConflict((c) => c.column('case_no').doUpdateSet((eb) => ({
    step_id: eb.ref('excluded.step_id'), step_name: eb.ref('excluded.step_name'), kind: eb.ref('excluded.kind'), role: eb.ref('excluded.role'),
    department_id: eb.ref('excluded.department_id'), holder: null, pool_role: null, remote_allowed: eb.ref('excluded.remote_allowed'),
    started_at: eb.ref('excluded.started_at'), due_date: eb.ref('excluded.due_date'), due_at: eb.ref('excluded.due_at'), warn_at: eb.ref('excluded.warn_at'),
    warned_for: null, overran_for: null, updated_at: eb.ref('excluded.updated_at'),
  }))));
const taskHeld = new Statement<{ caseNo: string; holder: string | null; poolRole: string | null; at: string }>((db, p) =>
  db.updateTable('tasks').set({ holder: p('holder'), pool_role: p('poolRole'), updated_at: p('at') }).where('case_no', '=', p('caseNo')));
const taskDue = new Statement<{ caseNo: string; dueDate: string; dueAt: string; warnAt: string | null; at: string }>((db, p) =>
  db.updateTable('tasks').set({ due_date: p('dueDate'), due_at: p('dueAt'), warn_at: p('warnAt'), updated_at: p('at') }).where('case_no', '=', p('caseNo')));
const taskWarned = new Statement<{ caseNo: string; dueAt: string }>((db, p) =>
  db.updateTable('tasks').set({ warned_for: p('dueAt') }).where('case_no', '=', p('caseNo')));
const taskOverran = new Statement<{ caseNo: string; dueAt: string }>((db, p) =>
  db.updateTable('tasks').set({ overran_for: p('dueAt') }).where('case_no', '=', p('caseNo')));
const runOverran = new Statement<{ caseNo: string }>((db, p) =>
  db.updateTable('step_runs').set({ overran: 1 }).where('case_no', '=', p('caseNo')).where('ended_at', 'is', null));
const taskEnded = new Statement<{ caseNo: string }>((db, p) => db.deleteFrom('tasks').where('case_no', '=', p('caseNo')));

const runStarted = new Statement<Omit<Run, 'ended_at' | 'ended_how' | 'held_by' | 'opinion' | 'working_days_taken' | 'late' | 'working_days_late' | 'overran'>>((db, p) =>
  db.insertInto('step_runs').values({
    run_id: p('run_id'), case_no: p('case_no'), step_id: p('step_id'), step_name: p('step_name'), kind: p('kind'), department_id: p('department_id'),
    started_at: p('started_at'), started_date: p('started_date'), due_at: p('due_at'), limit_days: p('limit_days'), overran: 0,
  }).onConflict((c) => c.doNothing()));
const runHeld = new Statement<{ caseNo: string; holder: string | null }>((db, p) =>
  db.updateTable('step_runs').set({ held_by: p('holder') }).where('case_no', '=', p('caseNo')).where('ended_at', 'is', null));
const runDue = new Statement<{ caseNo: string; dueAt: string }>((db, p) =>
  db.updateTable('step_runs').set({ due_at: p('dueAt') }).where('case_no', '=', p('caseNo')).where('ended_at', 'is', null));
const runEnded = new Statement<Pick<Run, 'ended_at' | 'ended_how' | 'held_by' | 'opinion' | 'working_days_taken' | 'late' | 'working_days_late'> & { caseNo: string }>((db, p) =>
  db.updateTable('step_runs').set({
    ended_at: p('ended_at'), ended_how: p('ended_how'), held_by: p('held_by'), opinion: p('opinion'), working_days_taken: p('working_days_taken'),
    late: p('late'), working_days_late: p('working_days_late'),
  }).where('case_no', '=', p('caseNo')).where('ended_at', 'is', null));
const runStopped = new Statement<{ caseNo: string; endedAt: string; how: string }>((db, p) =>
  db.updateTable('step_runs').set({ ended_at: p('endedAt'), ended_how: p('how') }).where('case_no', '=', p('caseNo')).where('ended_at', 'is', null));

/**
 * The worklists (待办): each case's step in progress with its holder or pool and its due time;
 * and every step run, for the step figures. Only cases that run steps have rows.
 */
export class TaskProjection implements Projection {
  readonly name = 'tasks';
  readonly fold = taskEvents;

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
    if (!stored.streamId.startsWith('case-') || !stored.type.startsWith('Step')) return;
    const caseNo = stored.streamId.slice('case-'.length);
    const event = { type: stored.type, data: stored.data } as StepEvent;
    switch (event.type) {
      case 'StepStarted': {
        const d = event.data;
        await taskStarted.run(tx, {
          case_no: caseNo, step_id: d.stepId, step_name: d.name, kind: d.kind, role: d.role, department_id: d.departmentId,
          remote_allowed: Number(d.remoteAllowed), started_at: d.at, due_date: d.dueDate, due_at: d.dueAt, warn_at: d.warnAt ?? null, updated_at: d.at,
        });
        await runStarted.run(tx, {
          run_id: stored.id, case_no: caseNo, step_id: d.stepId, step_name: d.name, kind: d.kind, department_id: d.departmentId,
          started_at: d.at, started_date: d.startedDate, due_at: d.dueAt, limit_days: d.limitDays,
        });
        return;
      }
      case 'StepAssigned':
      case 'StepTransferred': {
        const to = event.data.to;
        const holder = 'staffId' in to ? to.staffId : null;
        await taskHeld.run(tx, { caseNo, holder, poolRole: 'pool' in to ? to.pool : null, at: event.data.at });
        await runHeld.run(tx, { caseNo, holder });
        return;
      }
      case 'StepClaimed':
        await taskHeld.run(tx, { caseNo, holder: event.data.staffId, poolRole: null, at: event.data.at });
        await runHeld.run(tx, { caseNo, holder: event.data.staffId });
        return;
      case 'StepDelegated':
        await taskHeld.run(tx, { caseNo, holder: event.data.to, poolRole: null, at: event.data.at });
        await runHeld.run(tx, { caseNo, holder: event.data.to });
        return;
      case 'StepRescheduled':
        await taskDue.run(tx, { caseNo, dueDate: event.data.dueDate, dueAt: event.data.dueAt, warnAt: event.data.warnAt ?? null, at: event.data.at });
        await runDue.run(tx, { caseNo, dueAt: event.data.dueAt });
        return;
      case 'StepWarned':
        await taskWarned.run(tx, { caseNo, dueAt: event.data.dueAt });
        return;
      case 'StepOverran':
        await taskOverran.run(tx, { caseNo, dueAt: event.data.dueAt });
        await runOverran.run(tx, { caseNo });
        return;
      case 'StepCompleted': {
        const d = event.data;
        await taskEnded.run(tx, { caseNo });
        await runEnded.run(tx, {
          caseNo, ended_at: d.at, ended_how: 'completed', held_by: d.staffId, opinion: d.opinion, working_days_taken: d.workingDaysTaken,
          late: Number(d.late), working_days_late: d.workingDaysLate,
        });
        return;
      }
      case 'StepReturned':
      case 'StepCancelled':
        await taskEnded.run(tx, { caseNo });
        await runStopped.run(tx, { caseNo, endedAt: event.data.at, how: event.type === 'StepReturned' ? 'returned' : 'cancelled' });
        return;
    }
  }
}
