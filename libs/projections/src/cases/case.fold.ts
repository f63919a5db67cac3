import type { CaseEvent, CaseReceived, PersonalDataErased } from '@gov/domain';
import { recordedApplicant, shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Updateable } from 'kysely';
import { EACH_BATCH, type FoldedRows, type RowCarry, type RowFold } from '../store/row-fold';
import type { CaseTables } from './case.tables';

type CaseRow = CaseTables['cases'];
export type PaymentMade = {
  caseNo: string; amountFen: number; paidDate: string; at: string; bankReceiptNo: string;
  /** The case's department and window when its row is still the fold's: no need to look them up in the table. */
  place?: CasePlace;
};
/** Where a case sits, as its row in `cases` says. */
export type CasePlace = { readonly departmentId: string; readonly windowId: string | null; readonly subCenterId: string | null };

/** What a batch of events does to the case tables, as plain data (CaseProjection writes it). */
export interface CaseBatch {
  /** The case rows, each folded to what it is at the end of the batch. */
  readonly rows: FoldedRows;
  readonly payments: readonly PaymentMade[];
  /** Cases received in the batch, or whose change moves their day's figures (case_day_figures). */
  readonly counted: readonly string[];
  /** Persons erased in the batch: their cases' names are emptied. */
  readonly erased: readonly string[];
  /** The changes of the cases' clocks (case_clock). */
  readonly clock: readonly ClockChange[];
}

export type ClockChange = CaseTables['case_clock'];

/**
 * The case projection's fold: pure, so a replay runs it on the reading thread (REPLAY_FOLDS)
 * while the projector writes the batch before. A carrying replay keeps the case rows from page
 * to page (RowCarry).
 */
export function foldCaseEvents(events: readonly StoredEvent[], carry: RowCarry = EACH_BATCH): CaseBatch {
  const rows = carry.fold('cases');
  const payments: PaymentMade[] = [];
  const counted = new Set<string>();
  const erased: string[] = [];
  const clock: ClockChange[] = [];
  for (const stored of events) {
    if (stored.type === 'PersonalDataErased') erased.push((stored.data as PersonalDataErased['data']).personId);
    if (!stored.streamId.startsWith('case-')) continue;
    const event = { type: stored.type, data: stored.data } as CaseEvent;
    const caseNo = stored.streamId.slice('case-'.length);
    const update = (values: Updateable<CaseRow>, figures = false) => {
      rows.update(caseNo, { ...values, updated_at: event.data.at, position: stored.position });
      if (figures) counted.add(caseNo);
    };
    const clockChanged = (change: Pick<ClockChange, 'due_at' | 'five_at' | 'suspended'>) =>
      clock.push({ case_no: caseNo, position: stored.position, at: event.data.at, ...change });
    switch (event.type) {
      case 'CaseReceived':
        rows.insert(caseNo, receivedRow(event, stored.position));
        clockChanged({ due_at: event.data.dueAt, five_at: event.data.fifthWorkingDayEndsAt ?? null, suspended: 0 });
        counted.add(caseNo);
        break;
      case 'ClockSuspended':
        update({ status: 'suspended', suspension_reason: event.data.reason, clock_at: event.data.at, suspended_since: event.data.at });
        clockChanged({ due_at: null, five_at: null, suspended: 1 });
        break;
      case 'ClockResumed':
        update({ status: 'open', suspension_reason: null, due_date: event.data.dueDate, due_at: event.data.dueAt, clock_at: event.data.at,
          suspended_since: null, ...fiveAt(event.data.fifthWorkingDayEndsAt) });
        clockChanged({ due_at: event.data.dueAt, five_at: event.data.fifthWorkingDayEndsAt ?? null, suspended: 0 });
        break;
      case 'DeadlineRescheduled':
        update({ due_date: event.data.dueDate, due_at: event.data.dueAt, clock_at: event.data.at, ...fiveAt(event.data.fifthWorkingDayEndsAt) });
        clockChanged({ due_at: event.data.dueAt, five_at: event.data.fifthWorkingDayEndsAt ?? null, suspended: null });
        break;
      case 'TimeLimitExtended':
        update({ due_date: event.data.dueDate, due_at: event.data.dueAt, clock_at: event.data.at });
        clockChanged({ due_at: event.data.dueAt, five_at: null, suspended: null });
        break;
      case 'CaseEscalated':
        update({ special_at: event.data.at, due_date: event.data.dueDate, due_at: event.data.dueAt, clock_at: event.data.at }, true);
        clockChanged({ due_at: event.data.dueAt, five_at: null, suspended: null });
        break;
      case 'FeeAssessed':
        update({ fee_total_fen: event.data.totalFen });
        break;
      case 'FeePaid': {
        update({ fee_paid_at: event.data.at });
        payments.push({ caseNo, amountFen: event.data.amountFen, paidDate: shanghaiDateOf(event.data.at), at: event.data.at,
          bankReceiptNo: event.data.bankReceiptNo, place: heldCasePlace(rows, caseNo) });
        break;
      }
      case 'CaseCompleted': {
        const d = event.data;
        update({ status: 'completed', completed_at: d.at, outcome: d.outcome, early: Number(d.early), late: Number(d.late),
          working_days_taken: d.workingDaysTaken, working_days_late: d.workingDaysLate }, true);
        break;
      }
      case 'CaseWithdrawn':
        update({ status: 'withdrawn', suspension_reason: null, withdrawn_at: event.data.at }, true);
        break;
      case 'CaseNotAccepted':
        update({ status: 'not-accepted', suspension_reason: null, not_accepted_at: event.data.at }, true);
        break;
      case 'CaseRated':
        update({ rating: event.data.level, rated_at: event.data.at }, true);
        break;
      default:
        break;
    }
  }
  return { rows: carry.take(rows), payments, counted: [...counted], erased, clock };
}

/** The 5th working day's end when the event recorded it (events before issue 23 did not): leaves the row's value otherwise. */
function fiveAt(mark: string | undefined): { five_at?: string } {
  return mark === undefined ? {} : { five_at: mark };
}

/**
 * Where the case sits by the row the case fold holds (not yet in `cases`), as a look-up of it in
 * the table would find; nothing when the fold holds no inserted row of it.
 */
export function heldCasePlace(rows: RowFold<'cases'>, caseNo: string): CasePlace | undefined {
  const row = rows.inserted(caseNo);
  return row?.department_id === undefined ? undefined : { departmentId: row.department_id, windowId: row.window_id ?? null, subCenterId: row.sub_center_id ?? null };
}

/**
 * The row as received, every column present (the later ones null): the batch's later events
 * only overwrite its values, which keeps one shape for every row and one INSERT for all.
 */
function receivedRow(event: CaseReceived, position: number): CaseRow {
  const d = event.data;
  const applicant = recordedApplicant(d.applicant);
  return {
    case_no: d.caseNo, item_code: d.item.code, item_version: d.item.version, item_name: d.item.name,
    department_id: d.item.departmentId, window_id: d.windowId ?? null, sub_center_id: d.subCenterId ?? null, channel: d.channel,
    category: d.item.category, special_procedure: Number(d.item.specialProcedures.length > 0),
    applicant_name: applicant.maskedName, applicant_person_id: applicant.personId || null, received_at: d.at, received_date: d.acceptedDate, status: 'open',
    due_date: d.dueDate, due_at: d.dueAt, updated_at: d.at, position, suspension_reason: null, special_at: null, fee_total_fen: null,
    fee_paid_at: null, completed_at: null, outcome: null, early: null, late: null, working_days_taken: null, working_days_late: null,
    withdrawn_at: null, not_accepted_at: null, rating: null, rated_at: null,
    clock_at: d.at, suspended_since: null, five_at: d.fifthWorkingDayEndsAt ?? null,
  };
}
