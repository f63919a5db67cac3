/**
 * The discipline window's read models (ComplaintProjection, RectificationProjection). Integers
 * 0/1 are flags (null: not known yet); `evidence` is a JSON array as text.
 */
export interface ComplaintTables {
  complaints: {
    complaint_no: string; category: string; category_label: string; channel: string;
    department_id: string; window_id: string | null; staff_id: string | null; case_no: string | null; item_code: string | null;
    summary: string; evidence: string; status: string;
    filed_at: string; filed_date: string; feedback_by: string | null;
    accepted_at: string | null; declined_at: string | null; decline_reason: string | null; investigator: string | null; investigation_started_at: string | null;
    concluded_at: string | null; concluded_date: string | null; substantiated: number | null; findings: string | null; working_days_to_conclusion: number | null;
    feedback_at: string | null; feedback_late: number | null; updated_at: string;
  };
  /** The accountability actions of a conclusion, in the order decided (`seq`). */
  complaint_actions: {
    complaint_no: string; seq: number; kind: string; department_id: string;
    staff_id: string | null; role: string | null; person: string | null; concluded_at: string; concluded_date: string;
  };
  /** Who complained, sealed: read by the discipline window's endpoint only. */
  complainants: { complaint_no: string; kind: 'named' | 'anonymous' | 'system'; person_id: string | null; sealed: string | null; trigger: string | null };
  rectifications: {
    rectification_no: string; case_no: string; department_id: string; window_id: string | null; level: string; comment: string | null;
    status: string; opened_at: string; answer_by: string; answered_at: string | null; answer: string | null; late: number | null;
  };
}

declare module '../store/tables' {
  interface ReadModelTables extends ComplaintTables {}
}
