/**
 * The case rows, the bank payments and the pre-summed figures (CaseProjection). Integers 0/1
 * are flags; dates and moments are ISO text; money is in fen.
 */
export interface CaseTables {
  cases: {
    case_no: string;
    item_code: string; item_version: number; item_name: string;
    department_id: string; window_id: string | null; sub_center_id: string | null; channel: string;
    category: string; special_procedure: number;
    /** Masked (张*丰): the name itself is sealed. Empty once the person is erased. */
    applicant_name: string;
    /** The vault's person (null: no ID number, or received before the vault). */
    applicant_person_id: string | null;
    received_at: string; received_date: string;
    status: string; suspension_reason: string | null;
    due_date: string; due_at: string;
    special_at: string | null; fee_total_fen: number | null; fee_paid_at: string | null;
    completed_at: string | null; outcome: string | null; early: number | null; late: number | null;
    working_days_taken: number | null; working_days_late: number | null;
    withdrawn_at: string | null; not_accepted_at: string | null;
    rating: string | null; rated_at: string | null;
    updated_at: string; position: number;
    /** The last change of the case's clock (received, suspended, resumed, escalated, rescheduled): the figures before it read case_clock. */
    clock_at: string | null;
    /** When the clock stopped, while it stands. */
    suspended_since: string | null;
    /** The end of the 5th working day after acceptance, suspended days added (null: recorded before issue 23). */
    five_at: string | null;
  };
  /**
   * Every change of a case's clock, to read a case's due time and suspension as of a moment
   * (the figures of a period, issue 23): a column left null did not change.
   */
  case_clock: {
    case_no: string; position: number; at: string;
    due_at: string | null; five_at: string | null;
    /** 1: the clock stopped; 0: it runs (received, resumed); null: unchanged. */
    suspended: number | null;
  };
  /** Persons erased (PIPL §47): their cases keep counting, with no name left in the read models. */
  erased_persons: { person_id: string };
  fee_payments: {
    case_no: string; department_id: string; window_id: string | null; sub_center_id: string | null;
    amount_fen: number; bank_receipt_no: string; paid_at: string; paid_date: string;
  };
  /** Per day of receipt, department and place (window_key: a window, a sub-center, '' for none: placeKey): the figures' counts of its cases as they stand now. */
  case_day_figures: {
    received_date: string; department_id: string; window_key: string;
    received: number; not_accepted: number; completed: number; immediate: number;
    promised: number; promised_completed: number; completed_early: number; withdrawn: number;
    special: number; overdue: number; five_day_base: number; within_five: number;
    five_day_days: number; rated: number; satisfied: number;
  };
  /** The (day, department, window) sums to compute again before the figures are next read. */
  case_day_figures_dirty: { received_date: string; department_id: string; window_key: string };
  fee_day_totals: { paid_date: string; department_id: string; window_key: string; fen: number };
}

declare module '../store/tables' {
  interface ReadModelTables extends CaseTables {}
}
