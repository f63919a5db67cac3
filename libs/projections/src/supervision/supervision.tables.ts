import type { Generated } from 'kysely';

/** The efficiency office's read models (SupervisionProjection); Generated: the column has a default. */
export interface SupervisionTables {
  /** One row per card given: a case gets a yellow and a red card at most once per due time. */
  cards: {
    case_no: string; kind: 'yellow' | 'red'; due_at: string; department_id: string; window_id: string | null;
    at: string; card_date: string;
  };
  notices: {
    notice_no: string; case_no: string; department_id: string; window_id: string | null; status: string;
    reason: string; opened_at: string; opened_date: string; reply_by: string; replied_at: string | null; rectification: string | null;
    late_replies: Generated<number>; returns: Generated<number>; closed_at: string | null; conclusion: string | null;
  };
  /** Keyed by the event's position in the log. */
  visits: { position: number; visit_date: string; inspector: string; findings: string };
}

declare module '../store/tables' {
  interface ReadModelTables extends SupervisionTables {}
}
