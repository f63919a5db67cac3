/** The roster of window staff and their authorizations (StaffProjection). */
export interface StaffTables {
  staff_roster: {
    staff_id: string; name: string; department_id: string; window_id: string; posted_on: string;
    status: 'posted' | 'returned'; returned_on: string | null; returned_by_complaint: string | null; return_reason: string | null; updated_at: string;
  };
  /** The items a staff member may decide under the approval seal (行政审批专用章), one row each. */
  staff_authorizations: { staff_id: string; item_code: string; granted_by: string; granted_at: string };
}

declare module '../store/tables' {
  interface ReadModelTables extends StaffTables {}
}
