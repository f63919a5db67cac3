import { cachedStatement, ReadModelDb } from '../read-model-db';

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
  readonly overdue: boolean;
}

/** What a window or department has pending, the case falling due first at the top. */
export class OpenCasesQuery {
  constructor(private readonly db: ReadModelDb) {}

  list(scope: { kind: 'department' | 'window'; id: string }, now: string, limit: number): OpenCaseRow[] {
    const column = scope.kind === 'department' ? 'department_id' : 'window_id';
    return cachedStatement<[string, number], Record<string, string | null>>(this.db,
        `SELECT case_no, item_code, item_name, department_id, window_id, status, suspension_reason, received_at, due_date, due_at
         FROM cases WHERE ${column} = ? AND status IN ('open', 'suspended') ORDER BY due_at, case_no LIMIT ?`)
      .all(scope.id, limit)
      .map((row) => ({
        caseNo: row.case_no as string, itemCode: row.item_code as string, itemName: row.item_name as string,
        departmentId: row.department_id as string, windowId: row.window_id, status: row.status as 'open' | 'suspended',
        suspensionReason: row.suspension_reason, receivedAt: row.received_at as string, dueDate: row.due_date as string,
        dueAt: row.due_at as string, overdue: (row.due_at as string) < now,
      }));
  }
}
