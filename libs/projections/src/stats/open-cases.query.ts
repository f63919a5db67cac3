import type { ReadModelStore } from '../store/read-model-store';

export interface OpenCaseRow {
  readonly caseNo: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly windowId: string | null;
  readonly status: 'open' | 'suspended';
  readonly suspensionReason: string | null;
  readonly receivedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
  /** Past its due time now — or, its clock standing, when it stopped (as the figures count it). */
  readonly overdue: boolean;
}

/** What a window or department has pending, the case falling due first at the top. */
export class OpenCasesQuery {
  constructor(private readonly store: ReadModelStore) {}

  async list(scope: { kind: 'department' | 'window'; id: string }, now: string, limit: number): Promise<OpenCaseRow[]> {
    const rows = await this.store.db.selectFrom('cases')
      .select(['case_no', 'item_code', 'item_name', 'department_id', 'window_id', 'status', 'suspension_reason', 'received_at', 'due_date', 'due_at', 'suspended_since'])
      .where(scope.kind === 'department' ? 'department_id' : 'window_id', '=', scope.id).where('status', 'in', ['open', 'suspended'])
      .orderBy('due_at').orderBy('case_no').limit(limit).execute();
    return rows.map((row) => ({
      caseNo: row.case_no, itemCode: row.item_code, itemName: row.item_name, departmentId: row.department_id, windowId: row.window_id,
      status: row.status as 'open' | 'suspended', suspensionReason: row.suspension_reason, receivedAt: row.received_at,
      dueDate: row.due_date, dueAt: row.due_at, overdue: row.due_at < (row.suspended_since ?? now),
    }));
  }

  /** Open cases (running or suspended) due on or after `date`. */
  async countDueFrom(date: string): Promise<number> {
    const row = await this.store.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['open', 'suspended']).where('due_date', '>=', date).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
