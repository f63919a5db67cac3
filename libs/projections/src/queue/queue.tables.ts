/** The queue's tickets, one row each (QueueProjection). */
export interface QueueTables {
  queue_tickets: {
    ticket_id: string; queue_id: string; day: string; ticket_no: string; channel: string; department_id: string; item_code: string | null;
    drawn_at: string; appointment_from: string | null; appointment_to: string | null;
    status: 'waiting' | 'called' | 'no-show';
    /** The window that called it last, or the one a waiting ticket was transferred to. */
    window_id: string | null;
    first_called_at: string | null; last_called_at: string | null; calls: number;
    /** The case opened from it (受理), and when: the wait ends there. */
    case_no: string | null; accepted_at: string | null;
  };
}

declare module '../store/tables' {
  interface ReadModelTables extends QueueTables {}
}
