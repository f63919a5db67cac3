import type { CaseEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Insertable, Selectable } from 'kysely';
import { EACH_BATCH, type FoldedRows, type RowCarry } from '../store/row-fold';
import type { DeadlineTables } from './deadline.tables';

type Row = Selectable<DeadlineTables['deadlines']>;
type Change = Partial<Pick<Row, 'suspended' | 'due_date' | 'due_at' | 'warn_at' | 'materials_requested' | 'warned_for' | 'overdue_for' | 'deemed'>>;

/** What a batch of events does to the agenda, as plain data (DeadlineProjection writes it). */
export interface DeadlineBatch {
  /** Calendar publications, to reschedule for. */
  readonly calendarChanges: readonly { readonly position: number; readonly year: number }[];
  /** The agenda's rows (a case received and closed within the batch is not among them). */
  readonly rows: FoldedRows;
}

/**
 * The deadline projection's fold: pure, so a replay runs it on the reading thread (REPLAY_FOLDS).
 * A carrying replay keeps the agenda's rows from page to page (RowCarry): a case closed within
 * days of its receipt then never reaches the table.
 */
export function foldDeadlineEvents(events: readonly StoredEvent[], carry: RowCarry = EACH_BATCH): DeadlineBatch {
  const rows = carry.fold('deadlines');
  const calendarChanges: { position: number; year: number }[] = [];
  for (const stored of events) {
    if (stored.type === 'CalendarYearPublished' || stored.type === 'CalendarYearCorrected') {
      calendarChanges.push({ position: stored.position, year: (stored.data as { year: number }).year });
      continue;
    }
    if (!stored.streamId.startsWith('case-')) continue;
    const change = agendaChange({ type: stored.type, data: stored.data } as CaseEvent);
    if (!change) continue;
    const caseNo = stored.streamId.slice('case-'.length);
    if (change === 'closed') rows.delete(caseNo);
    else if ('insert' in change) rows.insert(caseNo, { case_no: caseNo, ...change.insert });
    else rows.update(caseNo, change.update);
  }
  return { calendarChanges, rows: carry.take(rows) };
}

type AgendaChange = 'closed' | { insert: Omit<Insertable<DeadlineTables['deadlines']>, 'case_no'> } | { update: Change };

/** What a case event does to its row of the agenda; undefined: nothing. */
function agendaChange(event: CaseEvent): AgendaChange | undefined {
  switch (event.type) {
    case 'CaseReceived': {
      const d = event.data;
      return { insert: { department_id: d.item.departmentId, window_id: d.windowId ?? null, accepted_date: d.acceptedDate,
        due_date: d.dueDate, due_at: d.dueAt, warn_at: d.warnAt ?? null, notice_by: d.materialsNoticeBy } };
    }
    case 'ClockSuspended':
      return { update: { suspended: 1 } };
    case 'ClockResumed':
    case 'CaseEscalated':
    case 'DeadlineRescheduled':
    case 'TimeLimitExtended': {
      const deadline = { due_date: event.data.dueDate, due_at: event.data.dueAt, warn_at: event.data.warnAt ?? null };
      return { update: event.type === 'ClockResumed' ? { suspended: 0, ...deadline } : deadline };
    }
    case 'MaterialsRequested':
      return { update: { materials_requested: 1 } };
    case 'CaseWarned':
      return { update: { warned_for: event.data.dueAt } };
    case 'CaseOverdue':
      return { update: { overdue_for: event.data.dueAt } };
    case 'AcceptanceDeemed':
      return { update: { deemed: 1 } };
    case 'CaseCompleted':
    case 'CaseWithdrawn':
    case 'CaseNotAccepted':
      return 'closed';
    default:
      return undefined;
  }
}
